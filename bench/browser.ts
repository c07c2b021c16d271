import { type Browser, chromium, type Page } from '@playwright/test';
import { type BenchRow, type BenchSuite, spread } from './harness.ts';
import { startPattern } from './processes.ts';

const NODES = 500;
const COLUMNS = 25;
const TRIALS = 3;
const PAN_MOVES = 90;
/** A frame longer than this is one a person sees as a hitch. */
const LONG_FRAME_MS = 50;

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

/** Every time between animation frames while the canvas is dragged around. */
async function panFrames(page: Page): Promise<number[]> {
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
  return (await page.evaluate('window.__recording = false, window.__frames.slice(1)')) as number[];
}

async function measure(browser: Browser, base: string, id: string, count: number) {
  const renders: number[] = [];
  const frames: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    renders.push(await timeToRender(page, `${base}/workflows/${id}`, count));
    await page.waitForTimeout(300);
    frames.push(...(await panFrames(page)));
    await page.close();
  }
  // The median of frame times is quantized to the display's refresh; the tail and the hitches are not.
  return { render: spread(renders), frame: spread(frames), long: frames.filter((ms) => ms > LONG_FRAME_MS).length, frames: frames.length };
}

/** The editor with 500 nodes, against the same editor with one node, in Chromium, on `npm start`'s server. Needs the web build. */
export const browserBench: BenchSuite = async () => {
  const server = await startPattern();
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
    const one = await measure(browser, server.url, 'bench-one', 1);
    const big = await measure(browser, server.url, 'bench-big', NODES);
    const renderRatio = big.render.median / one.render.median;
    const frameRatio = big.frame.median / one.frame.median;
    const rows: BenchRow[] = [
      {
        group: 'browser',
        name: `first render of a ${NODES}-node workflow (median of ${TRIALS})`,
        value: big.render.median,
        p99: big.render.p99,
        max: big.render.max,
        unit: 'ms',
        baseline: one.render.median,
        baselineName: 'a 1-node workflow',
        ratio: renderRatio,
        target: '≤ 3× the 1-node workflow',
        met: renderRatio <= 3,
      },
      {
        group: 'browser',
        name: `frame while panning ${NODES} nodes (median, p99, max of ${big.frames} frames)`,
        value: big.frame.median,
        p99: big.frame.p99,
        max: big.frame.max,
        unit: 'ms',
        baseline: one.frame.median,
        baselineName: 'panning 1 node',
        ratio: frameRatio,
        target: '≤ 1.5× panning 1 node',
        met: frameRatio <= 1.5,
      },
      {
        group: 'browser',
        name: `long frames (> ${LONG_FRAME_MS} ms) while panning ${NODES} nodes`,
        value: big.long,
        unit: 'frames',
        baseline: one.long,
        baselineName: 'panning 1 node',
        target: '0',
        met: big.long === 0,
      },
    ];
    return rows;
  } finally {
    await browser.close();
    await server.stop();
  }
};
