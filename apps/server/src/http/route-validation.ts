import { checkRequest, type HttpRequestValue, type PatternError, type Plan, type RequestContract, requestInvalid } from '@pattern/core';

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
 * Why a request breaks its route's contract, every problem located (answered 422 before any run
 * starts, so nothing of it lands in run history), or undefined when it keeps it: it is then handed
 * on with its typed parameters and query values converted.
 */
export function requestError(contract: RequestContract | undefined, request: HttpRequestValue): PatternError | undefined {
  if (!contract) return undefined;
  const problems = checkRequest(contract, request);
  return problems.length === 0 ? undefined : requestInvalid(problems);
}
