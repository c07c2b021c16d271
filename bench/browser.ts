import { type Browser, chromium, type Page } from '@playwright/test';
import { type BenchRow, type BenchSuite, spread } from './harness.ts';
import { startPattern } from './processes.ts';

/** The sizes measured, each against the same editor with one node. */
const SIZES = [500, 2000];
const COLUMNS = 25;
/** Trials per size: the 2000-node editor takes minutes to open on a busy machine, so it is opened once. */
const trialsFor = (nodes: number) => (nodes > 500 ? 1 : 3);
/** How long a first render may take before the size is reported as not drawn. */
const RENDER_TIMEOUT_MS = 300_000;
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

/**
 * Milliseconds from navigation start until the workflow is drawn: every node in the minimap, and
 * the nodes in view on the canvas (it draws only those, so a large graph is never all in the DOM).
 */
async function timeToRender(page: Page, url: string, count: number): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(
    (n) => document.querySelectorAll('.react-flow__minimap-node').length >= n && document.querySelectorAll('.react-flow__node .op-node').length > 0,
    count,
    { timeout: RENDER_TIMEOUT_MS, polling: 'raf' },
  );
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
  for (let trial = 0; trial < trialsFor(count); trial++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    renders.push(await timeToRender(page, `${base}/workflows/${id}`, count));
    await page.waitForTimeout(300);
    frames.push(...(await panFrames(page)));
    await page.close();
  }
  // The median of frame times is quantized to the display's refresh; the tail and the hitches are not.
  return { render: spread(renders), frame: spread(frames), long: frames.filter((ms) => ms > LONG_FRAME_MS).length, frames: frames.length };
}

type Measured = Awaited<ReturnType<typeof measure>>;

/** Render time, frame time while panning, and hitches of one size, each against the 1-node editor. */
function sizeRows(nodes: number, big: Measured, one: Measured): BenchRow[] {
  const renderRatio = big.render.median / one.render.median;
  const frameRatio = big.frame.median / one.frame.median;
  // 500 nodes is a large workflow; 2000 is past what a person draws by hand, so it gets more room.
  const renderTarget = nodes <= 500 ? 3 : 10;
  const frameTarget = nodes <= 500 ? 1.5 : 2;
  return [
    {
      group: 'browser',
      name: `first render of a ${nodes}-node workflow (median of ${trialsFor(nodes)})`,
      value: big.render.median,
      p99: big.render.p99,
      max: big.render.max,
      unit: 'ms',
      baseline: one.render.median,
      baselineName: 'a 1-node workflow',
      ratio: renderRatio,
      target: `≤ ${renderTarget}× the 1-node workflow`,
      met: renderRatio <= renderTarget,
    },
    {
      group: 'browser',
      name: `frame while panning ${nodes} nodes (median, p99, max of ${big.frames} frames)`,
      value: big.frame.median,
      p99: big.frame.p99,
      max: big.frame.max,
      unit: 'ms',
      baseline: one.frame.median,
      baselineName: 'panning 1 node',
      ratio: frameRatio,
      target: `≤ ${frameTarget}× panning 1 node`,
      met: frameRatio <= frameTarget,
    },
    {
      group: 'browser',
      name: `long frames (> ${LONG_FRAME_MS} ms) while panning ${nodes} nodes`,
      value: big.long,
      unit: 'frames',
      baseline: one.long,
      baselineName: 'panning 1 node',
      target: nodes <= 500 ? '0' : `≤ 5% of ${big.frames} frames`,
      met: nodes <= 500 ? big.long === 0 : big.long <= big.frames * 0.05,
    },
  ];
}

/** The editor with 500 and 2000 nodes, against the same editor with one node, in Chromium, on `npm start`'s server. Needs the web build. */
export const browserBench: BenchSuite = async () => {
  const server = await startPattern();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
  try {
    const documents = [bigWorkflow('bench-one', 1), ...SIZES.map((nodes) => bigWorkflow(`bench-${nodes}`, nodes))];
    for (const document of documents) {
      const response = await fetch(`${server.url}/api/workflows/${document.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(document),
      });
      if (!response.ok) throw new Error(`cannot save ${document.id}: ${await response.text()}`);
    }
    const one = await measure(browser, server.url, 'bench-one', 1);
    const rows: BenchRow[] = [];
    const renders = new Map<number, number>();
    for (const nodes of SIZES) {
      try {
        const big = await measure(browser, server.url, `bench-${nodes}`, nodes);
        renders.set(nodes, big.render.median);
        rows.push(...sizeRows(nodes, big, one));
      } catch (error) {
        // One size that never draws is a figure too; the other sizes are still measured.
        rows.push({
          group: 'browser',
          name: `${nodes}-node workflow: ${(error as Error).message.split('\n')[0]}`,
          value: Number.NaN,
          unit: 'ms',
          met: false,
        });
      }
    }
    const [small, large] = SIZES as [number, number];
    const scaling = (renders.get(large) ?? Number.NaN) / (renders.get(small) ?? Number.NaN);
    rows.push({
      group: 'browser',
      name: `first render of ${large} nodes against ${small}`,
      value: renders.get(large) ?? Number.NaN,
      unit: 'ms',
      baseline: renders.get(small),
      baselineName: `${small} nodes`,
      ratio: scaling,
      target: `≤ ${large / small}× (no worse than linear)`,
      met: scaling <= large / small,
    });
    return rows;
  } finally {
    await browser.close();
    await server.stop();
  }
};
