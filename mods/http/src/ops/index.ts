import { httpFetch } from './http-fetch.ts';

export const httpOps = [httpFetch];
