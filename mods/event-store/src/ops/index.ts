import { aggregateExecute } from './aggregate-execute.ts';
import { aggregateLoad } from './aggregate-load.ts';
import { aggregateRebuild } from './aggregate-rebuild.ts';
import { eventsAppend } from './events-append.ts';
import { eventsLatest } from './events-latest.ts';
import { eventsOn } from './events-on.ts';
import { eventsQuery } from './events-query.ts';
import { eventsRead } from './events-read.ts';

export const eventStoreOps = [eventsAppend, eventsRead, eventsQuery, eventsLatest, eventsOn, aggregateLoad, aggregateExecute, aggregateRebuild];
