import type { OpDefinition } from '@pattern/core';
import { wsBroadcast } from './ws-broadcast.ts';
import { wsClose } from './ws-close.ts';
import { wsJoin } from './ws-join.ts';
import { wsLeave } from './ws-leave.ts';
import { wsRoute } from './ws-route.ts';
import { wsSend } from './ws-send.ts';

export const realtimeOps: OpDefinition[] = [wsRoute, wsSend, wsJoin, wsLeave, wsBroadcast, wsClose];
