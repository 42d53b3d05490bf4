"""The report's stylesheet, inlined into compliance.html (a Python string, so it ships
with the package and the page needs nothing beside it).

Screen: one readable column, system fonts only (no web font is ever fetched).
Print: A4, every section from a new page, table headers repeated, rows kept whole,
colours kept (status pills carry meaning), no navigation.
"""

CSS = """\
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --accepted: #9a6700; --accepted-bg: #fff8c5; --none: #59636e; --none-bg: #eaeef2;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; max-width: 1120px; padding: 24px 32px 48px;
  font: 15px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  color: var(--ink); background: #fff;
}
code { font: 13px/1.4 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas,
  monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px;
  overflow-wrap: anywhere; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 22px; border-bottom: 1px solid var(--line); padding-bottom: 6px;
  margin-top: 40px; }
h3 { font-size: 17px; margin: 24px 0 8px; }
.subtitle, .help { color: var(--muted); }
.caveat { border-left: 4px solid var(--accepted); background: var(--accepted-bg);
  padding: 8px 12px; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 20px; padding: 10px 16px; list-style: none;
  background: var(--soft); border-radius: 6px; margin: 16px 0 0; }
a { color: #0969da; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left;
  vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
tbody tr:nth-child(even) { background: #fbfcfd; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.matrix td:first-child { white-space: nowrap; }
table.matrix td:nth-child(2) { width: 15em; }
table.matrix td:nth-child(3) { white-space: nowrap; }
.zero { color: #afb8c1; }
.none { color: var(--muted); font-style: italic; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
  gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px;
  border-top-width: 5px; }
.card .number { display: block; font-size: 30px; font-weight: 700; line-height: 1.1; }
.card .label { color: var(--muted); font-size: 13px; }
.card-score { border-top-color: #0969da; }
.card-pass { border-top-color: var(--pass); }
.card-fail, .card-open { border-top-color: var(--fail); }
.card-accepted { border-top-color: var(--accepted); }
.card-not_evaluated { border-top-color: var(--none); }
.pill, .rule, .sev { display: inline-block; border-radius: 10px; padding: 0 8px;
  font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.rule { margin: 1px 0; }
.st-pass { color: var(--pass); background: var(--pass-bg); }
.st-fail, .risk-expired { color: var(--fail); background: var(--fail-bg); }
.st-accepted, .risk-in_force { color: var(--accepted); background: var(--accepted-bg); }
.st-not_evaluated, .risk-unused { color: var(--none); background: var(--none-bg); }
.sev { text-transform: uppercase; letter-spacing: .03em; color: #fff; }
.sev.critical { background: #8250df; } .sev.high { background: #cf222e; }
.sev.medium { background: #bc4c00; } .sev.low { background: #0969da; }
.sev.info { background: #59636e; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--fail);
  border-radius: 6px; padding: 8px 16px 4px; margin: 12px 0; }
.finding.is-accepted { border-left-color: var(--accepted); }
.finding h3 { margin: 4px 0; font-size: 16px; }
.finding .rule-id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.finding .message { margin: 4px 0 8px; }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px;
  margin: 0 0 8px; font-size: 14px; }
.finding dt { color: var(--muted); }
.finding dd { margin: 0; }
.expired { color: var(--fail); font-weight: 700; }
figure.diagram { margin: 8px 0; }
figure.diagram .canvas-pane { overflow: auto; max-height: 90vh; }
figure.diagram .canvas { min-width: 100%; border: 1px solid var(--line); border-radius: 6px;
  padding: 8px; }
figure.diagram svg { display: block; width: 100%; height: auto; }
figure.diagram figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
footer { margin-top: 48px; border-top: 1px solid var(--line); padding-top: 12px;
  color: var(--muted); font-size: 13px; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
footer dd { margin: 0; }
@media (max-width: 700px) { body { padding: 12px; } .finding dl { display: block; } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav { display: none; }
  main > section { break-before: page; }
  main > section:first-child { break-before: auto; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, .finding, .card, figure.diagram { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  #diagram { page: diagram; }
  @page diagram { size: A4 landscape; }
  figure.diagram .canvas { width: 100% !important; border: none; padding: 0; }
  figure.diagram figcaption { display: none; }
  footer { break-before: avoid; }
}
"""
