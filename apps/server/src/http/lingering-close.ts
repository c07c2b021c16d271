import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long a closing connection keeps reading what its client still sends: long enough to read an answer, short enough to cost little. */
const LINGER_MS = 2_000;

/**
 * A connection the server closes while its client is still sending (an upload refused with 413
 * half-way, a request that asked for `Connection: close`) must not be closed outright: the
 * kernel answers bytes that arrive at a closed socket with a reset, and a reset makes the
 * client drop the answer it has not read yet, so it sees EPIPE instead of the 413. Like a web
 * server's lingering close, the server ends its side, reads and drops what still comes, and
 * lets go once the client ends its side or after `ms`.
 */
export function lingeringClose(server: Server, ms = LINGER_MS): void {
  server.on('connection', (socket: Socket) => {
    socket.destroySoon = () => linger(socket, ms);
  });
}

function linger(socket: Socket, ms: number): void {
  if (socket.destroyed) return;
  if (socket.readableEnded) {
    socket.end(() => socket.destroy());
    return;
  }
  const timer = setTimeout(() => socket.destroy(), ms);
  timer.unref();
  socket.once('end', () => socket.destroy());
  socket.once('close', () => clearTimeout(timer));
  socket.end();
  socket.resume();
}
