import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { PinnedTarget } from './pinned-target.ts';

/** Idle connections kept, across all hosts; beyond, the least recently used host's are closed. */
const MAX_AGENTS = 256;

/**
 * Keep-alive connection pools, one per checked address and host name: a pooled socket is only
 * ever one that was opened to the address checked for that host, so reusing it skips no check.
 */
export class Agents {
  private readonly agents = new Map<string, HttpAgent>();

  for(url: URL, target: PinnedTarget): HttpAgent {
    const key = `${url.protocol}//${url.hostname}:${url.port}@${target.address}`;
    let agent = this.agents.get(key);
    if (agent) {
      // Map order is insertion order: moving the key to the end keeps the least recently used first.
      this.agents.delete(key);
    } else {
      const options = { keepAlive: true, maxSockets: 64, maxFreeSockets: 16, lookup: target.lookup };
      agent = url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
    }
    this.agents.set(key, agent);
    if (this.agents.size > MAX_AGENTS) {
      const [oldest, pool] = this.agents.entries().next().value as [string, HttpAgent];
      this.agents.delete(oldest);
      pool.destroy();
    }
    return agent;
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
