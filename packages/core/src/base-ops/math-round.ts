import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';

export const ROUNDING_MODES = ['halfExpand', 'halfEven', 'halfTrunc', 'floor', 'ceil', 'trunc', 'expand'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** `x × 10^places`, moved in the decimal text of `x`, so `1.005` shifted by 2 is exactly 100.5, not 100.49999999999999. */
function shift(x: number, places: number): number {
  const [mantissa, exponent = '0'] = String(x).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

function roundInteger(value: number, mode: RoundingMode): number {
  const magnitude = Math.abs(value);
  const down = Math.floor(magnitude);
  // Exact: below 2^52 a double and its floor differ by a fraction that subtracting loses nothing of.
  const fraction = magnitude - down;
  let up: boolean;
  switch (mode) {
    case 'floor':
      return Math.floor(value);
    case 'ceil':
      return Math.ceil(value);
    case 'trunc':
      up = false;
      break;
    case 'expand':
      up = fraction > 0;
      break;
    case 'halfTrunc':
      up = fraction > 0.5;
      break;
    case 'halfEven':
      up = fraction > 0.5 || (fraction === 0.5 && down % 2 === 1);
      break;
    default:
      up = fraction >= 0.5;
  }
  return Math.sign(value) * (up ? down + 1 : down);
}

/** Rounds to `places` decimals (negative: to tens, hundreds…) as a person would on the decimal number they see. */
export function roundTo(x: number, places: number, mode: RoundingMode): number {
  // From 2^52 up every double is a whole number, and there is nothing left to round at places ≥ 0.
  if (places >= 0 && Math.abs(x) >= 2 ** 52) return x;
  const shifted = shift(x, places);
  if (!Number.isFinite(shifted)) return x;
  const rounded = shift(roundInteger(shifted, mode), -places);
  return rounded === 0 ? 0 : rounded;
}

export const mathRound = defineOp({
  name: 'math.round',
  title: 'Round',
  category: 'math',
  description:
    'Rounds a number to `places` decimals (negative `places` round to tens, hundreds…), on the decimal number as written, so `1.005` to 2 places is `1.01`. Modes: `halfExpand` (default: halves away from zero, 2.5 → 3, −2.5 → −3), `halfEven` (halves to the even neighbour, banker’s rounding: 2.5 → 2), `halfTrunc` (halves towards zero), `floor` (down), `ceil` (up), `trunc` (towards zero), `expand` (away from zero).',
  keywords: ['round', 'decimals', 'floor', 'ceil', 'truncate', 'precision', 'toFixed'],
  config: z.object({ mode: z.enum(ROUNDING_MODES).default('halfExpand').describe('How to round; see the description.') }),
  inputs: {
    value: { schema: z.number(), description: 'The number to round.' },
    places: { schema: z.number().int().min(-20).max(20).default(0), description: 'Decimals to keep, −20 to 20 (0 when not given).' },
  },
  outputs: { result: { schema: z.number(), description: 'The rounded number.' } },
  examples: [
    { title: 'Money', inputs: { value: 1.005, places: 2 }, outputs: { result: 1.01 } },
    { title: 'Banker’s rounding', config: { mode: 'halfEven' }, inputs: { value: 2.5 }, outputs: { result: 2 } },
    { title: 'To hundreds, down', config: { mode: 'floor' }, inputs: { value: 1789, places: -2 }, outputs: { result: 1700 } },
  ],
  run: (inputs, ctx) => ({ result: roundTo(inputs.value, inputs.places, ctx.config.mode) }),
});
