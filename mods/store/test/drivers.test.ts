import { describe } from 'vitest';
import { blobFilenameContract } from './blob-filename-contract.ts';
import { driverContract } from './driver-contract.ts';
import { DRIVERS } from './helpers.ts';
import { idempotencyContract } from './idempotency-contract.ts';
import { inputContract } from './input-contract.ts';

for (const kind of DRIVERS) {
  describe(`store contract: ${kind} driver`, () => driverContract(kind));
  describe(`store input contract: ${kind} driver`, () => inputContract(kind));
  describe(`store idempotency contract: ${kind} driver`, () => idempotencyContract(kind));
  describe(`store blob file names: ${kind} driver`, () => blobFilenameContract(kind));
}
