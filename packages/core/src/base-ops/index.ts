import { defineMod } from '../mods/define-mod.ts';
import { arrayAt, arrayConcat, arrayLength } from './array.ts';
import { arrayChunk, arraySort, arraySum, arrayUnique } from './array-order.ts';
import { arrayFilter, arrayFind, arrayGroupBy, arrayPluck } from './array-query.ts';
import { arrayFlatten, arrayIncludes, arrayReverse, arraySlice } from './array-shape.ts';
import { boolAnd, boolNot, boolOr } from './bool.ts';
import { castToBoolean, castToNumber, castToString } from './cast.ts';
import { compare } from './compare.ts';
import { cryptoHash, cryptoHmac, cryptoRandomBytes, cryptoVerifyHmac } from './crypto.ts';
import { base64Decode, base64Encode, hexDecode, hexEncode } from './encoding.ts';
import { flowBranch, flowDelay, flowFail, flowInput, flowMerge, flowOutput } from './flow.ts';
import { flowAssert } from './flow-assert.ts';
import { flowMap } from './flow-map.ts';
import { flowParallel } from './flow-parallel.ts';
import { flowSwitch } from './flow-switch.ts';
import { flowTry } from './flow-try.ts';
import { httpRequest, httpResponse } from './http.ts';
import { jsonParse, jsonStringify } from './json.ts';
import { jwtSign, jwtVerify } from './jwt.ts';
import { log } from './log.ts';
import { mathAdd, mathDivide, mathMultiply, mathSubtract } from './math.ts';
import { mathAbs, mathClamp, mathMax, mathMin, mathMod, mathPow, mathSum } from './math-functions.ts';
import { mathRound } from './math-round.ts';
import { objectGet, objectMerge, objectPick, objectSet } from './object.ts';
import { objectBuild } from './object-build.ts';
import { objectEntries, objectFromEntries, objectKeys, objectValues } from './object-entries.ts';
import { objectDelete, objectHas, objectOmit } from './object-paths.ts';
import { objectMapValues, objectMergeDeep } from './object-transform.ts';
import { queryBuild, queryParse } from './query.ts';
import { randomInteger, randomUuid } from './random.ts';
import { scheduleTrigger } from './schedule.ts';
import { schemaService, schemaValidate } from './schema-validate.ts';
import { stringConcat, stringTemplate } from './string.ts';
import { stringLower, stringPad, stringSlugify, stringTrim, stringUpper } from './string-case.ts';
import { stringJoin, stringLength, stringSlice, stringSplit } from './string-parts.ts';
import { stringMatch, stringReplace } from './string-regex.ts';
import { stringEndsWith, stringIncludes, stringStartsWith } from './string-search.ts';
import { idUlid, timeNow } from './time.ts';
import { timeAdd, timeSubtract } from './time-arithmetic.ts';
import { timeEndOf, timeStartOf } from './time-boundaries.ts';
import { timeDiff } from './time-diff.ts';
import { timeFormat, timeParse } from './time-format.ts';
import { urlBuild, urlParse } from './url.ts';
import { valueConst } from './value.ts';
import { valueCoalesce, valueIsEmpty, valueTypeOf } from './value-checks.ts';
import { workflowCall } from './workflow-call.ts';

/** The ops every installation has, registered as the `core` mod. */
export const coreMod = defineMod({
  name: 'core',
  version: '0.1.0',
  description:
    'The base ops: flow control, values, logic, casts, objects, JSON, text and regular expressions, math, random values, arrays, time, ids, URLs, encodings, crypto, JWTs, JSON Schema, logging, HTTP and schedules.',
  services: schemaService,
  ops: [
    flowInput,
    flowOutput,
    flowBranch,
    flowMerge,
    flowDelay,
    flowFail,
    flowAssert,
    flowSwitch,
    workflowCall,
    flowMap,
    flowTry,
    flowParallel,
    valueConst,
    valueCoalesce,
    valueIsEmpty,
    valueTypeOf,
    castToNumber,
    castToString,
    castToBoolean,
    objectGet,
    objectSet,
    objectMerge,
    objectPick,
    objectOmit,
    objectHas,
    objectDelete,
    objectKeys,
    objectValues,
    objectEntries,
    objectFromEntries,
    objectMergeDeep,
    objectMapValues,
    objectBuild,
    jsonParse,
    jsonStringify,
    stringTemplate,
    stringConcat,
    stringLower,
    stringUpper,
    stringTrim,
    stringPad,
    stringSlugify,
    stringSplit,
    stringJoin,
    stringSlice,
    stringLength,
    stringIncludes,
    stringStartsWith,
    stringEndsWith,
    stringReplace,
    stringMatch,
    mathAdd,
    mathSubtract,
    mathMultiply,
    mathDivide,
    mathMod,
    mathPow,
    mathAbs,
    mathRound,
    mathMin,
    mathMax,
    mathClamp,
    mathSum,
    randomInteger,
    randomUuid,
    compare,
    boolAnd,
    boolOr,
    boolNot,
    arrayLength,
    arrayAt,
    arrayConcat,
    arrayFilter,
    arrayFind,
    arrayPluck,
    arraySort,
    arrayUnique,
    arrayGroupBy,
    arrayChunk,
    arraySum,
    arraySlice,
    arrayReverse,
    arrayFlatten,
    arrayIncludes,
    timeNow,
    timeAdd,
    timeSubtract,
    timeDiff,
    timeFormat,
    timeParse,
    timeStartOf,
    timeEndOf,
    idUlid,
    urlParse,
    urlBuild,
    queryParse,
    queryBuild,
    base64Encode,
    base64Decode,
    hexEncode,
    hexDecode,
    cryptoHash,
    cryptoHmac,
    cryptoVerifyHmac,
    cryptoRandomBytes,
    jwtSign,
    jwtVerify,
    schemaValidate,
    log,
    httpRequest,
    httpResponse,
    scheduleTrigger,
  ],
});
