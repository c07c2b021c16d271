/** The stylesheet of every docs page: the app's look, light and dark after the system setting. */
export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #f7f7f9; --panel: #ffffff; --text: #1d1f24; --muted: #5d6470; --border: #e3e5ea;
  --accent: #5b4cf0; --accent-soft: #ecebfe; --code-bg: #f1f2f5; --warn: #b45309; --warn-soft: #fef3c7;
  --error: #dc2626; --ok: #15803d; --mark: #fde68a; --on-accent: #ffffff;
  --radius: 10px; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111318; --panel: #181b22; --text: #e6e8ee; --muted: #9aa1ae; --border: #2a2f3a;
    --accent: #9b8cff; --accent-soft: #262245; --code-bg: #1f232c; --warn: #fbbf24; --warn-soft: #3a2d0c;
    --error: #f87171; --ok: #4ade80; --mark: #6b5312; --on-accent: #14112b;
  }
}
* { box-sizing: border-box; }
html { font-family: var(--sans); font-size: 15px; line-height: 1.6; background: var(--bg); color: var(--text); }
body { margin: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.content :is(p, li, td, blockquote) a:not(.card, .button) { text-decoration: underline; text-underline-offset: 2px; text-decoration-thickness: 1px; }
a:focus-visible, input:focus-visible, summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; }
.skip:focus { left: 8px; top: 8px; background: var(--panel); padding: 6px 10px; z-index: 10; }
.topbar { position: sticky; top: 0; z-index: 5; display: flex; align-items: center; gap: 24px; height: 56px; padding: 0 20px;
  background: var(--panel); border-bottom: 1px solid var(--border); }
.brand { font-weight: 700; font-size: 17px; color: var(--text); display: flex; align-items: center; gap: 8px; }
.brand::before { content: ""; width: 22px; height: 22px; border-radius: 6px; background: linear-gradient(135deg, var(--accent), #22c1c3); }
.brand span { color: var(--muted); font-weight: 500; }
.app-links { display: flex; gap: 16px; }
.app-links a { color: var(--muted); font-weight: 500; }
.search { margin-left: auto; }
.search input { width: min(320px, 40vw); padding: 7px 12px; border-radius: 8px; border: 1px solid var(--border);
  background: var(--bg); color: var(--text); font: inherit; }
.layout { display: grid; grid-template-columns: 250px minmax(0, 1fr) 210px; max-width: 1400px; margin: 0 auto; }
.sidebar { position: sticky; top: 56px; align-self: start; height: calc(100vh - 56px); overflow-y: auto; padding: 20px 12px 40px 20px;
  border-right: 1px solid var(--border); }
.sidebar h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 18px 8px 6px; }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar a { display: block; padding: 4px 8px; border-radius: 6px; color: var(--text); font-size: 14px; }
.sidebar a:hover { background: var(--accent-soft); text-decoration: none; }
.sidebar a[aria-current="page"] { background: var(--accent-soft); color: var(--accent); font-weight: 600; }
main { padding: 32px 48px 80px; min-width: 0; }
.toc { position: sticky; top: 56px; align-self: start; padding: 32px 16px; font-size: 13px; }
.toc h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 8px; }
.toc ul { list-style: none; padding: 0; margin: 0; }
.toc li.depth-3 { padding-left: 12px; }
.toc a { color: var(--muted); display: block; padding: 2px 0; }
@media (max-width: 1100px) { .layout { grid-template-columns: 230px minmax(0, 1fr); } .toc { display: none; } }
@media (max-width: 760px) { .layout { display: block; } .sidebar { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--border); }
  main { padding: 24px 18px; } .app-links { display: none; } }
.content { max-width: 820px; }
h1 { font-size: 30px; line-height: 1.25; margin: 0 0 8px; letter-spacing: -.01em; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-top: 8px; }
h3 { font-size: 17px; margin: 26px 0 8px; }
.lead { color: var(--muted); font-size: 17px; margin: 0 0 24px; }
.meta { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 20px; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; background: var(--accent-soft); color: var(--accent); }
.badge.muted { background: var(--code-bg); color: var(--muted); }
.badge.control { background: var(--warn-soft); color: var(--warn); }
code { font-family: var(--mono); font-size: .88em; background: var(--code-bg); padding: 1px 5px; border-radius: 5px; }
pre { background: var(--code-bg); padding: 14px 16px; border-radius: var(--radius); overflow-x: auto; border: 1px solid var(--border); font-size: 13px; line-height: 1.5; }
pre code { background: none; padding: 0; font-size: inherit; }
blockquote { margin: 16px 0; padding: 4px 16px; border-left: 3px solid var(--accent); color: var(--muted); background: var(--panel); border-radius: 0 8px 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 12px 0 20px; font-size: 14px; background: var(--panel); border-radius: var(--radius); overflow: hidden;
  box-shadow: 0 0 0 1px var(--border); }
th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: var(--bg); }
tr:last-child td { border-bottom: 0; }
.table-wrap { overflow-x: auto; }
.callout { padding: 12px 16px; border-radius: var(--radius); background: var(--accent-soft); margin: 16px 0; }
.callout.warning { background: var(--warn-soft); color: var(--text); border-left: 3px solid var(--warn); }
.unavailable { border-bottom: 1px dotted var(--muted); cursor: help; }
.button { display: inline-block; padding: 6px 14px; border-radius: 8px; background: var(--accent); color: var(--on-accent); font-weight: 600; font-size: 13px; }
.button:hover { text-decoration: none; filter: brightness(1.08); }
.button.secondary { background: var(--panel); color: var(--accent); box-shadow: inset 0 0 0 1px var(--border); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; margin: 16px 0 28px; padding: 0; list-style: none; }
.card { display: block; padding: 14px 16px; border-radius: var(--radius); background: var(--panel); box-shadow: 0 0 0 1px var(--border); color: var(--text); }
.card:hover { box-shadow: 0 0 0 1px var(--accent); text-decoration: none; }
.card strong { display: block; margin-bottom: 2px; }
.card span { color: var(--muted); font-size: 13px; }
.card code { font-size: 12px; }
.example { background: var(--panel); border-radius: var(--radius); box-shadow: 0 0 0 1px var(--border); padding: 4px 18px 14px; margin: 14px 0; }
.example-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; }
.example-grid h4 { margin: 8px 0 4px; font-size: 12px; text-transform: uppercase; color: var(--muted); letter-spacing: .04em; }
.example-grid pre { margin: 0; }
.example-actions { margin-top: 12px; }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; }
figure.workflow { margin: 20px 0; padding: 14px; background: var(--panel); border-radius: var(--radius); box-shadow: 0 0 0 1px var(--border); }
figure.workflow figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
.workflow-actions { display: flex; gap: 14px; align-items: baseline; flex-wrap: wrap; margin-top: 10px; }
.workflow-actions details { flex: 1 1 100%; }
figure.workflow .workflow-scroll { overflow-x: auto; }
svg.workflow-picture { max-width: none; display: block; }
svg.workflow-picture .node rect { fill: var(--bg); stroke: var(--border); stroke-width: 1.5; }
svg.workflow-picture .node.unknown rect { stroke: var(--warn); stroke-dasharray: 4 3; }
svg.workflow-picture .node-label { fill: var(--text); font: 600 13px var(--sans); }
svg.workflow-picture .node-op { fill: var(--muted); font: 11px var(--mono); }
svg.workflow-picture .edge { fill: none; stroke: var(--accent); stroke-width: 1.6; }
svg.workflow-picture .edge.control { stroke: var(--warn); stroke-dasharray: 5 4; }
svg.workflow-picture .edge.error { stroke: var(--error); stroke-dasharray: 3 3; }
svg.workflow-picture .port { fill: var(--panel); stroke: var(--accent); stroke-width: 1.5; }
svg.workflow-picture .port-label { fill: var(--muted); font: 10px var(--mono); }
svg.workflow-picture .port-label.error { fill: var(--error); }
.results { list-style: none; padding: 0; }
.results li { padding: 12px 0; border-bottom: 1px solid var(--border); }
.results .where { color: var(--muted); font-size: 12px; }
.results p { margin: 4px 0 0; color: var(--muted); font-size: 14px; }
mark { background: var(--mark); color: var(--text); border-radius: 3px; padding: 0 2px; }
.pager { display: flex; justify-content: space-between; gap: 12px; margin-top: 48px; }
.pager a { flex: 1; padding: 12px 16px; border-radius: var(--radius); box-shadow: 0 0 0 1px var(--border); background: var(--panel); }
.pager a.next { text-align: right; }
.pager small { display: block; color: var(--muted); }
`;
