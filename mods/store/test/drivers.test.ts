import { describe } from 'vitest';
import { driverContract } from './driver-contract.ts';
import { DRIVERS } from './helpers.ts';
import { inputContract } from './input-contract.ts';

for (const kind of DRIVERS) {
  describe(`store contract: ${kind} driver`, () => driverContract(kind));
  describe(`store input contract: ${kind} driver`, () => inputContract(kind));
}
