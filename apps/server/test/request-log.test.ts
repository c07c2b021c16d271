import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bufferedWriter, requestLog } from '../src/http/request-log.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the request log', () => {
  it('writes the lines of one turn in one chunk, each ending its line, and starts again the next turn', async () => {
    const chunks: string[] = [];
    const writeLine = bufferedWriter((chunk) => chunks.push(chunk));
    writeLine('GET /a 200 1.0ms');
    writeLine('GET /b 404 0.2ms');
    expect(chunks).toEqual([]);
    await nextTurn();
    writeLine('POST /c 201 3.1ms');
    await nextTurn();
    expect(chunks).toEqual(['GET /a 200 1.0ms\nGET /b 404 0.2ms\n', 'POST /c 201 3.1ms\n']);
  });

  it('logs method, path, status and duration of every request', async () => {
    const lines: string[] = [];
    const app = new Hono().use(
      '*',
      requestLog((line) => lines.push(line)),
    );
    app.get('/hello/:name', (c) => c.text('hi'));
    await app.request('/hello/Ada?x=1');
    await app.request('/missing', { method: 'POST' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/hello\/Ada 200 \d+\.\dms$/);
    expect(lines[1]).toMatch(/^POST \/missing 404 \d+\.\dms$/);
  });
});
