"""A self-contained HTML report for compliance staff: scorecard, coverage matrix, findings with quotes, filters.

One file, no external assets, no scripts beyond a small filter; opens offline in any browser.
"""

from __future__ import annotations

from html import escape

from ..models import Report, Result

_STRENGTH_RANK = {"binding": 3, "hedged": 2, "mention": 1, "negated": 0}
_CELL = {"binding": ("●", "binding"), "hedged": ("◐", "hedged"), "mention": ("○", "mention"), "negated": ("✕", "negated")}

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;color:#1d2430;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #dde;padding-bottom:.3rem}
.muted{color:#667}.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #dde;border-radius:8px;padding:.7rem 1rem;min-width:10rem}
.card b{font-size:1.3rem}.bar{display:flex;height:.5rem;border-radius:4px;overflow:hidden;margin-top:.4rem;background:#eee}
.met{background:#2e8540}.weak{background:#e0a100}.missing{background:#c62828}.na{background:#aab}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #e3e6ee;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f7fb}td.c{text-align:center}.state{font-weight:600;padding:.05rem .45rem;border-radius:4px;color:#fff;white-space:nowrap}
.s-met{background:#2e8540}.s-weak{background:#b07d00}.s-missing{background:#c62828}.s-not-applicable{background:#778}
.binding{color:#2e8540}.hedged{color:#b07d00}.mention{color:#889}.negated{color:#c62828}
blockquote{margin:.4rem 0 .4rem 0;padding:.3rem .8rem;border-left:3px solid #ccd;background:#fafbfd}
.finding{border:1px solid #e3e6ee;border-radius:8px;padding:.6rem 1rem;margin:.7rem 0}.finding h3{margin:.1rem 0;font-size:1.05rem}
.hint{color:#2a4d7a}.filters label{margin-right:1rem}.loc{font-family:ui-monospace,monospace;font-size:13px;color:#556}
.suppressed{opacity:.6}
"""

_JS = """
document.querySelectorAll('.filters input').forEach(function(box){box.addEventListener('change',function(){
var on={};document.querySelectorAll('.filters input').forEach(function(b){on[b.value]=b.checked});
document.querySelectorAll('.finding').forEach(function(f){f.style.display=(on[f.dataset.severity]&&on[f.dataset.area])?'':'none'});});});
"""


def _pct(n: int, total: int) -> str:
    return f"{(100 * n / total) if total else 0:.1f}%"


def _scorecard(report: Report) -> str:
    cards = []
    for a in report.summary.areas:
        total = a.total
        bar = "".join(f'<span class="{cls}" style="width:{_pct(n, total)}"></span>'
                      for cls, n in (("met", a.met), ("weak", a.weak), ("missing", a.missing), ("na", a.not_applicable)))
        cards.append(f'<div class="card"><div class="muted">{escape(a.area)}</div><b>{a.met}/{total - a.not_applicable}</b> met'
                     f'<div class="muted">{a.weak} weak · {a.missing} missing · {a.not_applicable} n/a</div>'
                     f'<div class="bar">{bar}</div></div>')
    return '<div class="cards">' + "".join(cards) + "</div>"


def _matrix(report: Report) -> str:
    docs = [d.path for d in report.documents if not d.error]
    head = "".join(f'<th title="{escape(p)}">{escape(p.rsplit("/", 1)[-1])}</th>' for p in docs)
    rows = []
    for r in report.results:
        best: dict[str, str] = {}
        for e in r.evidence:
            # for a missing requirement the sentences are near misses: never show them as commitments
            strength = "mention" if r.state == "missing" and e.strength != "negated" else e.strength
            if e.path not in best or _STRENGTH_RANK[strength] > _STRENGTH_RANK[best[e.path]]:
                best[e.path] = strength
        cells = "".join(
            f'<td class="c {_CELL[best[p]][1]}" title="{best[p]}">{_CELL[best[p]][0]}</td>' if p in best else "<td></td>"
            for p in docs)
        scope = "" if r.scope == "folder" else f' <span class="muted">[{escape(r.scope)}]</span>'
        rows.append(f"<tr><td><b>{escape(r.rule_id)}</b> {escape(r.title)}{scope}</td>"
                    f'<td><span class="state s-{r.state}">{r.state}</span></td>{cells}</tr>')
    return (f"<table><tr><th>Requirement</th><th>State</th>{head}</tr>{''.join(rows)}</table>"
            '<p class="muted">● binding · ◐ hedged · ○ mention only · ✕ negated</p>')


def _evidence_html(r: Result | None, finding_evidence: list) -> str:
    items = finding_evidence or (r.evidence if r else [])
    out = []
    for e in items[:4]:
        where = f"{e.path}:p{e.page}:{e.line}" if e.page is not None else f"{e.path}:{e.line}"
        out.append(f'<blockquote>{escape(e.text)}<br><span class="loc">{escape(where)}</span> · '
                   f'<span class="{e.strength}">{e.strength}</span> <span class="muted">({escape(e.reason)})</span></blockquote>')
    return "".join(out)


def _findings(report: Report) -> str:
    results = {(r.rule_id, r.scope): r for r in report.results}
    out = []
    for f in report.findings:
        loc = f"{f.path}:p{f.page}:{f.line}" if f.page is not None else f"{f.path}:{f.line}:{f.column}"
        sup = (f'<p class="muted">Suppressed ({escape(f.suppressed.kind)}): {escape(f.suppressed.justification)}</p>'
               if f.suppressed else "")
        out.append(
            f'<div class="finding{" suppressed" if f.suppressed else ""}" data-severity="{f.severity}" data-area="{escape(f.area)}">'
            f'<h3><span class="state s-{f.state if f.state != "invalid" else "missing"}">{f.state}</span> '
            f"{escape(f.rule_id)} {escape(f.title)}</h3>"
            f'<div class="loc">{escape(loc)} · {f.severity}</div><p>{escape(f.message)}</p>'
            f"{_evidence_html(results.get((f.rule_id, f.scope)), f.evidence)}"
            + (f'<p class="hint">{escape(f.hint)}</p>' if f.hint else "")
            + (f'<p class="muted">Source: {escape(f.cite)}</p>' if f.cite else "") + sup + "</div>")
    return "".join(out) or "<p>No findings: every requirement is met or not applicable.</p>"


def _filters(report: Report) -> str:
    sev = sorted({f.severity for f in report.findings})
    areas = sorted({f.area for f in report.findings})
    boxes = [f'<label><input type="checkbox" value="{escape(v)}" checked> {escape(v)}</label>' for v in sev + areas]
    return f'<p class="filters">Show: {"".join(boxes)}</p>' if boxes else ""


def render(report: Report) -> str:
    """The whole report as one HTML page."""
    s = report.summary
    errors = [d for d in report.documents if d.error]
    err_html = ""
    if errors:
        err_html = "<h2>Unreadable documents</h2><table><tr><th>File</th><th>Reason</th></tr>" + "".join(
            f"<tr><td>{escape(d.path)}</td><td>{escape(d.error or '')}</td></tr>" for d in errors) + "</table>"
    docs = "".join(f"<tr><td>{escape(d.path)}</td><td>{escape(d.kind or '')}</td><td>{escape(d.title or '')}</td>"
                   f"<td>{d.sentences}</td></tr>" for d in report.documents if not d.error)
    packs = ", ".join(f"{escape(p.title)} ({escape(p.name)} {escape(p.version)})" for p in report.packs)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>policy-audit report</title><style>{_CSS}</style></head><body>"
        f"<h1>Policy audit</h1><p class=\"muted\">{packs} · policy-audit {escape(report.version)} · "
        f"{s.audited} documents audited, {s.errored} unreadable, {s.skipped} skipped · "
        f"{s.met}/{s.results - s.not_applicable} requirements met</p>"
        f"<h2>Scorecard</h2>{_scorecard(report)}{err_html}"
        f"<h2>Coverage</h2>{_matrix(report)}"
        f"<h2>Findings ({sum(s.findings.values())}{f', {s.suppressed} suppressed' if s.suppressed else ''})</h2>"
        f"{_filters(report)}{_findings(report)}"
        f"<h2>Documents</h2><table><tr><th>File</th><th>Kind</th><th>Title</th><th>Sentences</th></tr>{docs}</table>"
        f"<script>{_JS}</script></body></html>\n"
    )
