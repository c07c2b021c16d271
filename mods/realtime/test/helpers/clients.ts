import { WebSocket } from 'ws';

/** A real `ws` client that keeps every frame it received, so a test can wait for one. */
export interface TestClient {
  socket: WebSocket;
  frames: string[];
  closed: Promise<{ code: number; reason: string }>;
  next(predicate?: (frame: string) => boolean): Promise<string>;
  send(data: unknown): void;
}

export function wsUrl(httpUrl: string, path: string): string {
  return `${httpUrl.replace(/^http/, 'ws').replace('localhost', '127.0.0.1')}${path}`;
}

export function connect(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<TestClient> {
  const socket = new WebSocket(url, options);
  const frames: string[] = [];
  const waiters: Array<{ predicate: (frame: string) => boolean; resolve: (frame: string) => void }> = [];
  socket.on('message', (data) => {
    const frame = data.toString();
    frames.push(frame);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(frame)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const client: TestClient = {
    socket,
    frames,
    closed,
    next(predicate = () => true) {
      const seen = frames.find(predicate);
      if (seen) {
        frames.splice(frames.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve) =>
        waiters.push({
          predicate,
          resolve: (frame) => {
            frames.splice(frames.indexOf(frame), 1);
            resolve(frame);
          },
        }),
      );
    },
    send(data) {
      socket.send(typeof data === 'string' ? data : JSON.stringify(data));
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('error', reject);
  });
}

/** The status a refused handshake was answered with. */
export function refusedWith(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the handshake was accepted')));
    socket.once('error', () => {});
  });
}
