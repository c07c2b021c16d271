import { PatternError } from '@pattern/core';

export function blobNotFound(id: string): PatternError {
  return new PatternError('not_found', `There is no blob "${id}"`, { id });
}

export function docNotFound(collection: string, id: string): PatternError {
  return new PatternError('not_found', `There is no document "${id}" in collection "${collection}"`, { collection, id });
}
