import { counterIncrement } from './counter-increment.ts';

export const counterOps = [counterIncrement];
