// The one stylesheet of ctoc-serve, compiled in: nothing is read from disk or the network.
#include "site_internal.h"

namespace ctoc::serve::detail {

const char* const stylesheet = R"css(
:root { --ink: #1d2430; --muted: #5b6677; --line: #d9dee6; --accent: #0b5cad; --bg: #f6f7f9; --mark: #ffe58a; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; color: var(--ink); background: var(--bg);
       font: 1rem/1.5 "DejaVu Sans", "Segoe UI", system-ui, sans-serif; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: 2px; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; background: #eef1f5; padding: 0 .25em; border-radius: 3px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }

header.top { display: flex; gap: 1rem; align-items: center; padding: .75rem 1.5rem; background: #fff;
             border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
.brand { font-size: 1.35rem; color: var(--ink); white-space: nowrap; letter-spacing: -.02em; }
.brand b { color: var(--accent); }
.searchbox { display: flex; flex: 1; max-width: 52rem; }
.searchbox input { flex: 1; min-width: 0; font: inherit; padding: .55rem .75rem; border: 1px solid #aab3c0;
                   border-right: 0; border-radius: 6px 0 0 6px; background: #fff; }
.searchbox input:focus { outline: 2px solid var(--accent); outline-offset: -1px; }
button { font: inherit; cursor: pointer; }
.searchbox button { padding: .55rem 1.1rem; border: 1px solid var(--accent); background: var(--accent); color: #fff;
                    border-radius: 0 6px 6px 0; }

main { max-width: 78rem; margin: 0 auto; padding: 1.25rem 1.5rem 2rem; }
main.single { max-width: 54rem; }
.results-layout { display: grid; grid-template-columns: minmax(0, 1fr) 17rem; gap: 2rem; align-items: start; }
.lead { font-size: 1.1rem; }
.count { color: var(--muted); margin: .25rem 0 1rem; }
.notice, .suggestion { background: #fff7e0; border: 1px solid #f0d68a; padding: .5rem .75rem; border-radius: 6px; }
.error { background: #fdecec; border: 1px solid #e6a5a5; padding: .75rem 1rem; border-radius: 6px; }

ol.hits { list-style: none; margin: 0; padding: 0; }
.hit { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; margin-bottom: .75rem; }
.hit h3 { margin: 0 0 .2rem; font-size: 1.05rem; font-weight: 600; line-height: 1.35; }
.sym { font-family: "DejaVu Sans Mono", monospace; font-size: .85em; font-weight: 600; color: var(--ink);
       background: #e8eef7; padding: .05em .35em; border-radius: 4px; margin-right: .25em; white-space: nowrap; }
.facts { color: var(--muted); font-size: .9rem; margin: .1rem 0 .3rem; }
.snippet { margin: .3rem 0 0; }
.pager { display: flex; gap: 1.25rem; align-items: center; justify-content: center; margin: 1.5rem 0; }
.pager span { color: var(--muted); }

.refine { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
.refine h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: .9rem 0 .35rem; }
.refine h2:first-of-type { margin-top: .2rem; }
.refine .facet { margin-top: 1.1rem; }
.refine ul { list-style: none; margin: 0; padding: 0; }
.refine li { display: flex; justify-content: space-between; gap: .5rem; padding: .12rem 0; font-size: .93rem; }
.refine li .n { color: var(--muted); font-variant-numeric: tabular-nums; }
.refine .estimated { color: var(--muted); font-size: 0.85em; margin: 0.5em 0; }
.refine li.chosen a { font-weight: 600; }
.dates { display: flex; gap: .5rem; flex-wrap: wrap; }
.dates label { display: flex; gap: .3rem; align-items: center; font-size: .93rem; }
.dates input, .refine select { font: inherit; font-size: .93rem; padding: .25rem .4rem; border: 1px solid #aab3c0;
                               border-radius: 4px; max-width: 100%; }
.range button { margin-top: .6rem; padding: .3rem .9rem; border: 1px solid var(--accent); background: #fff;
                color: var(--accent); border-radius: 4px; }

.doc article { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem 1.5rem; }
.doc h1 { font-size: 1.45rem; line-height: 1.3; margin: .2rem 0 .4rem; }
.doc h2 { font-size: 1.1rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 1.6rem; }
.back { margin: 0; font-size: .93rem; }
.toc { font-size: .93rem; }
.doc-body { display: grid; grid-template-columns: minmax(0, 1fr) 21rem; gap: 0 2.5rem; }
.doc-facts { grid-column: 2; grid-row: 1; }
.doc-main { grid-column: 1; grid-row: 1; min-width: 0; }
.doc-facts .facts-table { grid-template-columns: 1fr; gap: 0; font-size: .93rem; }
.doc-facts .facts-table dt { font-size: .8rem; margin-top: .45rem; }
.facts-table { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: .2rem 1rem; margin: 0; }
.facts-table dt { color: var(--muted); }
.facts-table dd { margin: 0; overflow-wrap: anywhere; }
ul.cites, ul.docs { padding-left: 1.2rem; }
ul.cites li, ul.docs li { margin: .2rem 0; }
.missing { color: #8a4b00; background: #fff1dc; border-radius: 4px; padding: 0 .35em; font-size: .85rem; }
.missing-sym { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
.none { color: var(--muted); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .95rem; line-height: 1.55;
        max-width: 48rem; }
.help table { border-collapse: collapse; width: 100%; background: #fff; }
.help td { border-top: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; }
.help td:first-child { white-space: nowrap; }
footer { color: var(--muted); font-size: .85rem; text-align: center; padding: 1rem 1.5rem 2rem; }

@media (max-width: 760px) {
  header.top { flex-wrap: wrap; padding: .6rem .75rem; gap: .5rem; position: static; }
  .searchbox { flex-basis: 100%; }
  main { padding: 1rem .75rem; }
  .results-layout { grid-template-columns: 1fr; gap: 1rem; }
  .refine .facet ul { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
  .doc article { padding: 1rem; }
  .doc-body { grid-template-columns: 1fr; }
  .doc-facts, .doc-main { grid-column: 1; grid-row: auto; }
  .facts-table { grid-template-columns: 1fr; }
  .facts-table dd { margin-bottom: .4rem; }
  .help td:first-child { white-space: normal; }
}
)css";

} // namespace ctoc::serve::detail
