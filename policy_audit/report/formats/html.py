"""The HTML report as a board document: summary, scorecard, coverage matrix, findings, what to adopt.

One self-contained file (no network, no external assets) that reads fully with JavaScript off; the
filters are an enhancement. The date in the header comes from `date=`, else SOURCE_DATE_EPOCH, else
today, so JSON and SARIF stay byte-identical and a build can pin the HTML's date too.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from ..adopt import adopt_items, model_language, ordered_findings
from .html_style import CSS, JS

if TYPE_CHECKING:
    from ..models import Evidence, Finding, Report

MARKS = {  # symbol, word: distinct shapes, so the matrix reads in black and white
    "binding": ("●", "binding"), "partial": ("◐", "partly committed"), "hedged": ("◔", "hedged"),
    "mention": ("○", "mentioned only"), "negated": ("⊘", "refused (negated)"),
}
STATE_MARK = {"met": "✓", "weak": "◐", "missing": "✕", "not-applicable": "–", "invalid": "!"}
_SEVERITY_WORD = {"error": "must fix", "warning": "should fix", "info": "consider"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _e(text: object) -> str:
    """Escape for HTML text and attributes, control characters shown as `\\x07` (never raw)."""
    return escape(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text)), quote=True)


def report_date(date: _dt.date | None = None) -> _dt.date:
    """The date shown: the one given, else SOURCE_DATE_EPOCH (reproducible builds), else today (UTC)."""
    if date is not None:
        return date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
    return _dt.datetime.now(tz=_dt.timezone.utc).date()


def _badge(state: str) -> str:
    return f'<span class="badge st-{_e(state)}">{STATE_MARK.get(state, "")} {_e(state)}</span>'


def _severity(sev: str) -> str:
    return f'<span class="badge sv-{_e(sev)}">{_e(sev)}</span>'


def _header(report: Report, date: _dt.date) -> str:
    s = report.summary
    name = report.subject or "Policy folder"
    packs = "; ".join(f"{_e(p.title)} ({_e(p.name)} {_e(p.version)})" for p in report.packs)
    when = f"{date.day} {_MONTHS[date.month - 1]} {date.year}"
    return (f'<header class="masthead"><p class="eyebrow">Equity policy audit</p><h1>{_e(name)}</h1>'
            f'<p class="meta">Audited <time datetime="{date.isoformat()}">{when}</time> · rule pack: {packs} · '
            f"policy-audit {_e(report.version)} · {s.audited} documents read"
            f"{f', {s.errored} unreadable' if s.errored else ''}{f', {s.skipped} skipped' if s.skipped else ''}</p></header>")


def _summary(report: Report, findings: list[Finding]) -> str:
    s = report.summary
    applicable = s.results - s.not_applicable
    active = [f for f in findings if f.suppressed is None]
    lead = (f'<p class="lead"><b>{s.met} of {applicable}</b> requirements are met; {s.weak} are weak and '
            f"{s.missing} missing.{f' {s.not_applicable} do not apply.' if s.not_applicable else ''}</p>")
    parts = [lead]
    for sev, words in (("error", "gaps to close first"), ("warning", "to strengthen next"), ("info", "to consider")):
        group = [f for f in active if f.severity == sev]
        if not group:
            continue
        items = "".join(f'<li><a href="#f-{_e(f.fingerprint)}"><b>{_e(f.title)}</b></a> ({_e(f.rule_id)}, {_e(f.state)}'
                        f"{'' if f.scope == 'folder' else ', ' + _e(f.scope.rsplit('/', 1)[-1])})</li>" for f in group)
        lead_in = f"The {len(group)} {words}" if len(group) > 1 else f"The one {words.replace('gaps', 'gap')}"
        parts.append(f'<p>{lead_in}:</p><ol class="gaps cols">{items}</ol>' if sev != "info"
                     else f"<p>{len(group)} more {words}: "
                          + "; ".join(_e(f.title) for f in group) + ".</p>")
    if s.errored:
        parts.append(f"<p><b>{s.errored} document(s) could not be read</b>; see Documents below.</p>")
    if not active:
        parts.append("<p>No open findings: every requirement is met, accepted or not applicable.</p>")
    return "<section id=\"summary\"><h2>Summary</h2>" + "".join(parts) + "</section>"


def _pct(n: int, total: int) -> str:
    return f"{(100 * n / total) if total else 0:.1f}%"


def _scorecard(report: Report) -> str:
    cards = []
    for a in report.summary.areas:
        bar = "".join(f'<span class="b-{cls}" style="width:{_pct(n, a.total)}"></span>'
                      for cls, n in (("met", a.met), ("weak", a.weak), ("missing", a.missing), ("na", a.not_applicable)))
        cards.append(f'<div class="card"><div class="muted">{_e(a.area)}</div><b>{a.met}/{a.total - a.not_applicable}</b>'
                     f' met<div class="muted">{a.weak} weak · {a.missing} missing{f" · {a.not_applicable} n/a" if a.not_applicable else ""}</div>'
                     f'<div class="bar" aria-hidden="true">{bar}</div></div>')
    return '<section id="scorecard"><h2>Scorecard</h2><div class="cards">' + "".join(cards) + "</div></section>"


def _legend() -> str:
    return '<ul class="legend">' + "".join(
        f'<li><span class="m-{k}" aria-hidden="true">{sym}</span> {_e(word)}</li>' for k, (sym, word) in MARKS.items()
    ) + '<li>blank: not mentioned</li></ul>'


def _matrix(report: Report) -> str:
    docs = [d.path for d in report.documents if not d.error]
    titles = {r.id: r.title for r in report.rules}
    head = "".join(f'<th class="doc" scope="col" title="{_e(p)}">{_e(p.rsplit("/", 1)[-1])}</th>' for p in docs)
    rows = []
    for row in report.coverage:
        cells = {c.path: c for c in row.cells}
        tds = []
        for p in docs:
            c = cells.get(p)
            if c is None:
                tds.append('<td class="m"></td>')
                continue
            sym, word = MARKS[c.mark]
            tip = f"{word}: {c.sentences} sentence{'s' if c.sentences != 1 else ''}"
            tds.append(f'<td class="m m-{c.mark}" title="{_e(tip)}"><span aria-hidden="true">{sym}</span>'
                       f'<span class="sr">{_e(word)}</span></td>')
        scope = "" if row.scope == "folder" else f' <span class="muted">[{_e(row.scope.rsplit("/", 1)[-1])}]</span>'
        rows.append(f'<tr><td class="req"><b>{_e(row.rule_id)}</b> {_e(titles.get(row.rule_id, ""))}{scope}</td>'
                    f"<td>{_badge(row.state)}</td>{''.join(tds)}</tr>")
    return ('<section id="coverage"><h2>Coverage</h2><p class="muted">Each requirement against each document: the '
            "strongest sentence found. A weak requirement's binding sentences show as partly committed; a missing "
            "one's as mentions.</p>" + _legend()
            + f'<div class="matrix-wrap"><table class="matrix"><thead><tr><th scope="col">Requirement</th>'
            f'<th scope="col">State</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div></section>')


def _place(path: str, location: str) -> str:
    return f"{path}, {location}" if location else path


def shortener(report: Report) -> Callable[[str], str]:
    """Paths without the folder every document shares (the header names it), for compact quotes."""
    paths = [d.path for d in report.documents]
    folders = {p.rsplit("/", 1)[0] + "/" if "/" in p else "" for p in paths}
    prefix = folders.pop() if len(folders) == 1 else ""
    return lambda p: p[len(prefix):] if prefix and p.startswith(prefix) else p


def _quote(e: Evidence, short: Callable[[str], str]) -> str:
    heading = f'<span class="sec"> · {_e(" › ".join(e.section))}</span>' if e.section else ""
    return (f"<blockquote>“{_e(e.quote)}” <span class=\"src\">{_e(_place(short(e.path), e.location))}{heading} · "
            f'<span class="m-{e.strength}">{_e(e.strength)}</span> ({_e(e.reason)})</span></blockquote>')


def _finding(f: Finding, short: Callable[[str], str]) -> str:
    docs = "|".join(sorted({f.path, *(e.path for e in f.evidence)}))
    sup = (f'<p class="muted">Accepted ({_e(f.suppressed.kind)}): {_e(f.suppressed.justification)}</p>'
           if f.suppressed else "")
    quotes = "".join(_quote(e, short) for e in f.evidence) or '<p class="muted">No sentence in scope bears on it.</p>'
    return (f'<article id="f-{_e(f.fingerprint)}" class="finding sev-{_e(f.severity)}{" suppressed" if f.suppressed else ""}" '
            f'data-severity="{_e(f.severity)}" data-area="{_e(f.area)}" data-state="{_e(f.state)}" data-docs="{_e(docs)}">'
            f"<h3>{_severity(f.severity)} {_badge(f.state)} {_e(f.rule_id)} {_e(f.title)}</h3>"
            f'<p class="where">{_e(f.area)} · {_e(_place(short(f.path), f.location))}</p><p>{_e(f.message)}</p>{quotes}'
            + (f'<p class="model"><b>Model language:</b> {_e(model_language(f.hint))}</p>' if f.hint else "")
            + (f'<p class="principle"><b>Principle:</b> {_e(f.cite)}</p>' if f.cite else "") + sup + "</article>")


def _filters(report: Report, findings: list[Finding]) -> str:
    def group(name: str, legend: str, values: list[str], cls: str = "") -> str:
        boxes = "".join(f'<label class="{cls}"><input type="checkbox" name="{name}" value="{_e(v)}" checked> '
                        f'{_e(v.rsplit("/", 1)[-1] if name == "doc" else v)} (<span class="n">0</span>)</label>'
                        for v in values)
        return f"<fieldset><legend>{legend}</legend>{boxes}</fieldset>"

    areas = [a.area for a in report.summary.areas if any(f.area == a.area for f in findings)]
    docs = sorted({p for f in findings for p in (f.path, *(e.path for e in f.evidence))})
    states = [s for s in ("missing", "weak", "invalid") if any(f.state == s for f in findings)]
    sevs = [s for s in ("error", "warning", "info") if any(f.severity == s for f in findings)]
    return (f'<form id="filters" class="filters" hidden><p>Showing <span id="shown" class="count">{len(findings)}</span> '
            f'of {len(findings)} findings. <button type="button" id="reset">Show all</button></p>'
            + group("severity", "Severity", sevs) + group("area", "Area", areas) + group("state", "State", states)
            + group("doc", "Document", docs, "doc") + "</form>")


def _findings(report: Report, findings: list[Finding], short: Callable[[str], str]) -> str:
    s = report.summary
    total = len(findings)
    head = f"<h2>Findings ({total}{f', {s.suppressed} accepted' if s.suppressed else ''})</h2>"
    intro = '<p class="muted">Most important first: by severity, then area.</p>'
    body = "".join(_finding(f, short) for f in findings)
    listing = f'<div class="cols">{body}</div>' if body else "<p>No findings: every requirement is met or not applicable.</p>"
    return f'<section id="findings">{head}{intro}{_filters(report, findings) if findings else ""}{listing}</section>'


def _adopt(report: Report, short: Callable[[str], str]) -> str:
    items = adopt_items(report)
    if not items:
        return ""
    out = []
    for it in items:
        f = it.finding
        today = "".join(f"<li>“{_e(e.quote)}” <span class=\"src\">({_e(_place(short(e.path), e.location))})</span></li>"
                        for e in it.today[:2])
        out.append(f'<div class="item">{_severity(f.severity)} {_badge(f.state)} <b>{_e(f.rule_id)} {_e(f.title)}</b>'
                   f'<p><b>Adopt</b> in {_e(it.home)}: “{_e(it.language)}”</p>'
                   + (f'<p class="there"><b>There today:</b></p><ul class="today">{today}</ul>' if today
                      else '<p class="there"><b>There today:</b> nothing yet.</p>') + "</div>")
    return ('<section id="adopt"><h2>What to adopt</h2><p class="muted">For each weak or missing requirement: the '
            "language to adopt, the document it belongs in, and what the folder says today.</p>"
            f'<div class="adopt cols">{"".join(out)}</div></section>')


def _documents(report: Report) -> str:
    rows = "".join(
        f"<tr><td>{_e(d.path)}</td><td>{_e(d.kind or 'other') if not d.error else '<b>unreadable</b>'}</td>"
        f"<td>{_e(d.title or '') if not d.error else _e(d.error)}</td><td>{d.sentences if not d.error else ''}</td></tr>"
        for d in report.documents)
    skipped = "".join(f"<tr><td>{_e(p)}</td><td>skipped</td><td>not a document type it reads</td><td></td></tr>"
                      for p in report.summary.skipped_paths)
    return ('<section id="documents"><h2>Documents</h2><table class="docs"><thead><tr><th scope="col">File</th>'
            '<th scope="col">Kind</th><th scope="col">Title or problem</th><th scope="col">Sentences</th></tr></thead>'
            f"<tbody>{rows}{skipped}</tbody></table></section>")


def render(report: Report, date: _dt.date | None = None) -> str:
    """The whole report as one HTML page."""
    when = report_date(date)
    findings = ordered_findings(report)
    short = shortener(report)
    title = f"{report.subject or 'Policy folder'}: equity policy audit, {when.isoformat()}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>"
        f"{_header(report, when)}{_summary(report, findings)}{_scorecard(report)}{_matrix(report)}"
        f"{_findings(report, findings, short)}{_adopt(report, short)}{_documents(report)}"
        f"</main><script>{JS}</script></body></html>\n"
    )
