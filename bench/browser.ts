import { startServer } from '@pattern/server';
import { type Browser, chromium, type Page } from '@playwright/test';
import type { BenchRow, BenchSuite } from './harness.ts';

const NODES = 500;
const COLUMNS = 25;
const TRIALS = 3;
const PAN_MOVES = 90;

/** Rows of `math.add` chained left to right: every node but the first of a row is wired. */
function bigWorkflow(id: string, count: number) {
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    op: 'math.add',
    config: i % COLUMNS === 0 ? { a: 0, b: 1 } : { b: 1 },
    position: { x: (i % COLUMNS) * 300, y: Math.floor(i / COLUMNS) * 220 },
  }));
  const edges = nodes
    .filter((_, i) => i % COLUMNS !== 0)
    .map((node, k) => {
      const i = k + 1 + Math.floor(k / (COLUMNS - 1));
      return { from: { node: `n${i - 1}`, port: 'result' }, to: { node: node.id, port: 'a' } };
    });
  return { id, name: `${count} nodes`, nodes, edges };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds from navigation start until every node of the workflow is drawn. */
async function timeToRender(page: Page, url: string, count: number): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length >= n, count, { timeout: 60_000, polling: 'raf' });
  return page.evaluate(() => performance.now());
}

const FRAME_RECORDER = `(() => {
  const frames = [];
  let last = performance.now();
  window.__frames = frames;
  window.__recording = true;
  const tick = (now) => {
    frames.push(now - last);
    last = now;
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** The median time between animation frames while the canvas is dragged around. */
async function panFrameTime(page: Page): Promise<number> {
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  // A string, not a function: the bundler's helpers (`__name`) do not exist in the page.
  await page.evaluate(FRAME_RECORDER);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < PAN_MOVES; i++) {
    const angle = (i / PAN_MOVES) * Math.PI * 4;
    await page.mouse.move(cx + Math.cos(angle) * 200, cy + Math.sin(angle) * 120);
  }
  await page.mouse.up();
  const frames = (await page.evaluate('window.__recording = false, window.__frames.slice(1)')) as number[];
  return median(frames);
}

async function measure(browser: Browser, base: string, id: string, count: number) {
  const renders: number[] = [];
  const frames: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    renders.push(await timeToRender(page, `${base}/workflows/${id}`, count));
    await page.waitForTimeout(300);
    frames.push(await panFrameTime(page));
    await page.close();
  }
  return { render: median(renders), frame: median(frames) };
}

/** The editor with 500 nodes, against the same editor with one node, in Chromium. Needs the web build. */
export const browserBench: BenchSuite = async () => {
  const server = await startServer({ port: 0, storage: 'memory', quiet: true, seed: false, mods: [] });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
  try {
    for (const document of [bigWorkflow('bench-big', NODES), bigWorkflow('bench-one', 1)]) {
      const response = await fetch(`${server.url}/api/workflows/${document.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(document),
      });
      if (!response.ok) throw new Error(`cannot save ${document.id}: ${await response.text()}`);
    }
    const base = server.url.replace('localhost', '127.0.0.1');
    const one = await measure(browser, base, 'bench-one', 1);
    const big = await measure(browser, base, 'bench-big', NODES);
    const renderRatio = big.render / one.render;
    const frameRatio = big.frame / one.frame;
    const rows: BenchRow[] = [
      {
        group: 'browser',
        name: `first render of a ${NODES}-node workflow`,
        value: big.render,
        unit: 'ms',
        baseline: one.render,
        baselineName: 'a 1-node workflow',
        ratio: renderRatio,
        target: '≤ 3× the 1-node workflow',
        met: renderRatio <= 3,
      },
      {
        group: 'browser',
        name: `median frame while panning ${NODES} nodes`,
        value: big.frame,
        unit: 'ms',
        baseline: one.frame,
        baselineName: 'panning 1 node',
        ratio: frameRatio,
        target: '≤ 1.5× panning 1 node',
        met: frameRatio <= 1.5,
      },
    ];
    return rows;
  } finally {
    await browser.close();
    await server.stop();
  }
};
