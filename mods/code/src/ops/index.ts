import { codeJs } from './code-js.ts';

export const codeOps = [codeJs];
