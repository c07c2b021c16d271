import { checkRequest, type HttpRequestValue, type Plan, type RequestContract, requestInvalid } from '@pattern/core';
import type { Context } from 'hono';
import { errorResponse } from './errors.ts';

/** The contract a route's `http.request` node compiled when the workflow was saved; none when it declares nothing. */
export function routeContract(plan: Plan): RequestContract | undefined {
  const trigger = plan.nodes.find((node) => node.op.name === 'http.request');
  return trigger?.prepared as RequestContract | undefined;
}

/** The parts of a request the contract checks: these are read even when the graph does not use them. */
export function checkedParts(contract: RequestContract | undefined): string[] {
  if (!contract) return [];
  return [contract.query && 'query', contract.headers && 'headers', contract.body && 'body'].filter((part) => typeof part === 'string');
}

/**
 * A request that breaks its route's contract is answered 422 with every problem located, before
 * any run starts, so nothing of it lands in run history; one that keeps it is handed on with its
 * typed parameters and query values converted.
 */
export function requestRefusal(c: Context, contract: RequestContract | undefined, request: HttpRequestValue): Response | undefined {
  if (!contract) return undefined;
  const problems = checkRequest(contract, request);
  if (problems.length === 0) return undefined;
  const error = requestInvalid(problems);
  return errorResponse(c, 422, error.code, error.message, error.details);
}
