"""The report page's stylesheet: one column at most 50rem wide, smaller margins and type on a screen
under 32rem (a phone). monitor.report.html writes it inline into the page (its Content-Security-Policy
allows inline style and nothing else), and monitor.report.study_html with the study's own rules after it.
"""

REPORT_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1d1d1f;
       font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 50rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; border-bottom: 2px solid #e5e5e5; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
p, li { max-width: 42rem; }
img { width: 100%; height: auto; display: block; }
picture { display: block; }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-size: 0.9rem; color: #555; margin-top: 0.3rem; }
nav { font-size: 0.9rem; margin: 0.5rem 0 1rem; }
nav a { margin-right: 0.8rem; white-space: nowrap; color: #0b5cad; }
.meta { color: #555; font-size: 0.95rem; margin: 0; }
.headline { font-size: 1.15rem; font-weight: 600; padding: 0.6rem 0.8rem; border-left: 5px solid #888;
            background: #f6f6f6; }
.headline.level-warning, .headline.level-alert { border-color: #d9480f; background: #fff4e6; }
.headline.level-notice { border-color: #e0a800; background: #fffbe6; }
.headline.level-none { border-color: #2b8a3e; background: #ebfbee; }
.headline.level-unknown { border-color: #868e96; background: #f1f3f5; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
th { background: #f6f6f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.span { text-align: center; }
.region { white-space: nowrap; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; padding: 0.05rem 0.45rem;
         border-radius: 0.6rem; margin-left: 0.3rem; white-space: nowrap; }
.strength-strong { background: #d3f9d8; color: #1b5e20; }
.strength-moderate { background: #fff3bf; color: #7a5b00; }
.strength-weak { background: #f1f3f5; color: #495057; }
.level-notice-text { color: #9a7400; font-weight: 600; }
.level-warning-text { color: #d9480f; font-weight: 600; }
.level-alert-text { color: #c92a2a; font-weight: 600; }
.src { color: #666; font-size: 0.85rem; }
.references { font-size: 0.85rem; overflow-wrap: anywhere; }
.referral { border-left: 4px solid #c92a2a; padding: 0.4rem 0.8rem; background: #fff5f5; }
.disclaimer { font-weight: 700; }
details { margin: 0.5rem 0 1rem; }
summary { cursor: pointer; color: #0b5cad; }
footer { margin-top: 3rem; font-size: 0.85rem; color: #666; border-top: 1px solid #e5e5e5;
         padding-top: 0.8rem; }
@media (max-width: 32rem) {
  body { font-size: 15px; }
  main { padding: 0.6rem 0.6rem 2rem; }
  th, td { padding: 0.25rem 0.3rem; }
  table { font-size: 0.85rem; }
}
"""
