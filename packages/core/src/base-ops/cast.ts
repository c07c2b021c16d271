import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { TO_BOOLEAN_RULES, TO_NUMBER_RULES, TO_STRING_RULES, toBoolean, toNumber, toText } from './cast-rules.ts';

const FALLBACK = 'Given, it is the result when the value does not convert, instead of an error.';

export const castToNumber = defineOp({
  name: 'cast.toNumber',
  title: 'To number',
  category: 'cast',
  description: `Converts a value to a number. ${TO_NUMBER_RULES}`,
  keywords: ['parse number', 'parseFloat', 'parseInt', 'numeric', 'convert'],
  inputs: {
    value: { description: 'The value to convert.' },
    fallback: { schema: z.number().optional(), description: `The number to use instead. ${FALLBACK}` },
  },
  outputs: { number: { schema: z.number(), description: 'The number.' } },
  examples: [
    { title: 'Text from a form', inputs: { value: ' 42.5 ' }, outputs: { number: 42.5 } },
    { title: 'Scientific notation', inputs: { value: '-1.5e3' }, outputs: { number: -1500 } },
    { title: 'Not a number, with a fallback', inputs: { value: 'twelve', fallback: 0 }, outputs: { number: 0 } },
  ],
  run: (inputs) => {
    try {
      return { number: toNumber(inputs.value) };
    } catch (error) {
      if (inputs.fallback === undefined) throw error;
      return { number: inputs.fallback };
    }
  },
});

export const castToString = defineOp({
  name: 'cast.toString',
  title: 'To text',
  category: 'cast',
  description: `Converts any value to text. ${TO_STRING_RULES}`,
  keywords: ['stringify', 'text', 'format', 'convert', 'String'],
  inputs: { value: { description: 'The value to convert.' } },
  outputs: { text: { schema: z.string(), description: 'The text.' } },
  examples: [
    { title: 'A number', inputs: { value: 0.1 }, outputs: { text: '0.1' } },
    { title: 'An object, keys sorted', inputs: { value: { b: 1, a: [true] } }, outputs: { text: '{"a":[true],"b":1}' } },
    { title: 'Null', inputs: { value: null }, outputs: { text: '' } },
  ],
  run: (inputs) => ({ text: toText(inputs.value) }),
});

export const castToBoolean = defineOp({
  name: 'cast.toBoolean',
  title: 'To boolean',
  category: 'cast',
  description: `Converts a value to true or false. ${TO_BOOLEAN_RULES}`,
  keywords: ['truthy', 'yes no', 'checkbox', 'flag', 'convert'],
  inputs: {
    value: { description: 'The value to convert.' },
    fallback: { schema: z.boolean().optional(), description: `The boolean to use instead. ${FALLBACK}` },
  },
  outputs: { result: { schema: z.boolean(), description: 'The boolean.' } },
  examples: [
    { title: 'A checkbox value', inputs: { value: 'on' }, outputs: { result: true } },
    { title: 'Zero', inputs: { value: 0 }, outputs: { result: false } },
    { title: 'Unknown word, with a fallback', inputs: { value: 'maybe', fallback: false }, outputs: { result: false } },
  ],
  run: (inputs) => {
    try {
      return { result: toBoolean(inputs.value) };
    } catch (error) {
      if (inputs.fallback === undefined) throw error;
      return { result: inputs.fallback };
    }
  },
});
