import { describe } from 'vitest';
import { driverContract } from './driver-contract.ts';
import { DRIVERS } from './helpers.ts';

for (const kind of DRIVERS) describe(`store contract: ${kind} driver`, () => driverContract(kind));
