import { z } from 'zod';

/** The longest search the docs answer; a longer query is cut, not refused, since it comes from a search box. */
export const MAX_SEARCH_QUERY = 200;

/** `q` of `/docs/search` and `/docs/search.json`: missing is an empty search. */
export const SearchQuerySchema = z
  .string()
  .default('')
  .transform((query) => query.slice(0, MAX_SEARCH_QUERY));
