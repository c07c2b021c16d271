import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { invalidInput } from './value-limits.ts';

/** The widest range `crypto.randomInt` draws from; wider ones are drawn bit by bit. */
const RANDOM_INT_RANGE = 2 ** 48 - 1;

/** A uniform integer in [min, max]: by rejection, so no value is likelier than another whatever the range. */
export function uniformInt(min: number, max: number): number {
  if (max - min < RANDOM_INT_RANGE && max < Number.MAX_SAFE_INTEGER) return randomInt(min, max + 1);
  const range = BigInt(max) - BigInt(min) + 1n;
  const bits = range.toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const draw = BigInt(`0x${randomBytes(bytes).toString('hex')}`) & mask;
    if (draw < range) return Number(BigInt(min) + draw);
  }
}

const Bound = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

export const randomInteger = defineOp({
  name: 'random.int',
  title: 'Random integer',
  category: 'random',
  description:
    'A whole number from `min` to `max`, both included, each equally likely, drawn from the operating system’s cryptographic source (fit for codes and tokens). Bounds are safe integers (±9,007,199,254,740,991); `min` above `max` fails with `invalid_input`.',
  keywords: ['random number', 'dice', 'roll', 'pick', 'rand'],
  inputs: {
    min: { schema: Bound.default(0), description: 'The smallest it may be (0 when not given).' },
    max: { schema: Bound, description: 'The largest it may be.' },
    after: { kind: 'control', description: 'Wire to draw only after another node.' },
  },
  outputs: { value: { schema: z.number().int(), description: 'The number drawn.' } },
  examples: [
    { title: 'A die', description: 'Any of 1 to 6; the output differs from run to run.', inputs: { min: 1, max: 6 } },
    {
      title: 'A one-value range',
      description: 'With min equal to max there is only one number to draw.',
      inputs: { min: 7, max: 7 },
      outputs: { value: 7 },
    },
  ],
  run: (inputs) => {
    if (inputs.min > inputs.max) throw invalidInput('min', `min (${inputs.min}) is above max (${inputs.max})`);
    return { value: uniformInt(inputs.min, inputs.max) };
  },
});

export const randomUuid = defineOp({
  name: 'random.uuid',
  title: 'Random UUID',
  category: 'random',
  description:
    'A new random UUID, version 4 (`crypto.randomUUID`): 122 random bits, lower-case, like `3b241101-e2bb-4255-8caf-4136c566a962`. For ids that sort by creation time, use `id.ulid`.',
  keywords: ['uuid', 'guid', 'unique id', 'uuidv4', 'identifier'],
  inputs: { after: { kind: 'control', description: 'Wire to make the UUID only after another node.' } },
  outputs: { uuid: { schema: z.uuid({ version: 'v4' }), description: 'The UUID, 36 characters.' } },
  examples: [
    { title: 'A UUID', description: 'A different one every run.' },
    { title: 'After another node', description: 'Wire `after` to make it once something else is done; here it runs alone.' },
  ],
  run: () => ({ uuid: randomUUID() }),
});
