import { defineMod } from '../mods/define-mod.ts';
import { arrayAt, arrayConcat, arrayLength } from './array.ts';
import { compare } from './compare.ts';
import { flowBranch, flowDelay, flowFail, flowInput, flowMerge, flowOutput } from './flow.ts';
import { httpRequest, httpResponse } from './http.ts';
import { jsonParse, jsonStringify } from './json.ts';
import { log } from './log.ts';
import { mathAdd, mathDivide, mathMultiply, mathSubtract } from './math.ts';
import { objectGet, objectMerge, objectPick, objectSet } from './object.ts';
import { stringConcat, stringTemplate } from './string.ts';
import { idUlid, timeNow } from './time.ts';
import { valueConst } from './value.ts';

/** The ops every installation has, registered as the `core` mod. */
export const coreMod = defineMod({
  name: 'core',
  version: '0.1.0',
  description: 'The base ops: flow control, values, objects, JSON, text, math, arrays, time, ids, logging and HTTP.',
  ops: [
    flowInput,
    flowOutput,
    flowBranch,
    flowMerge,
    flowDelay,
    flowFail,
    valueConst,
    objectGet,
    objectSet,
    objectMerge,
    objectPick,
    jsonParse,
    jsonStringify,
    stringTemplate,
    stringConcat,
    mathAdd,
    mathSubtract,
    mathMultiply,
    mathDivide,
    compare,
    arrayLength,
    arrayAt,
    arrayConcat,
    timeNow,
    idUlid,
    log,
    httpRequest,
    httpResponse,
  ],
});
