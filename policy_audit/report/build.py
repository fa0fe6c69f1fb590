"""Turn rule outcomes into the report's value objects: results, located findings, summary."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable

from ..documents.model import Document, LoadFailure
from ..engine.analyze import Analysis
from ..engine.compiled import CompiledPack
from ..engine.evaluate import RuleOutcome
from ..engine.patterns import required_names
from ..language import ast
from ..language.walk import judgements
from .coverage import coverage_row
from .evidence import evidence_of, on_topic, place, requirement_names, select_quotes
from .models import (
    AreaSummary,
    DocumentInfo,
    Evidence,
    Finding,
    PackInfo,
    Report,
    Result,
    RuleInfo,
    Summary,
)

MAX_EVIDENCE = 8
_INFO_FIELDS = set(DocumentInfo.model_fields)
_LOWER = {"error": "warning", "warning": "info", "info": "info"}


def fingerprint(*parts: str) -> str:
    """A stable 16-hex-digit digest of a finding's identity (never of a line number)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return h[:16]


def _heading_anchor(doc: Document, sentence_index: int) -> tuple[int, str]:
    """The heading sentence that opens the section of `sentence_index` (index, text), or (-1, '')."""
    for i in range(sentence_index, -1, -1):
        if doc.sentences[i].is_heading:
            return i, doc.sentences[i].text
    return -1, ""


def _rule_names(e: ast.Expr | None) -> set[str]:
    """Every term-set or phrase name a rule's judgements need."""
    return {n for j in judgements(e) for n in (required_names(j.pattern) or ())}


def _anchor_document(outcome: RuleOutcome, docs: list[Document], analyses: list[Analysis]) -> Document | None:
    """For a folder finding with no evidence: the document most about the rule's topic, else a policy."""
    if outcome.scope != "folder":
        return next((d for d in docs if d.path == outcome.scope), None)
    r = outcome.rule
    names = _rule_names(r.require) | _rule_names(r.partial)
    best, best_score = None, 0
    for a in analyses:
        score = len({i for n in names for i in a.index.get(n, ())})
        if score > best_score:
            best, best_score = a.doc, score
    if best is not None:
        return best
    for a in analyses:
        if a.kind == "policy":
            return a.doc
    return docs[0] if docs else None


def make_finding(o: RuleOutcome, severity: str, evidence: list[Evidence], docs: list[Document],
                 analyses: list[Analysis]) -> Finding | None:
    """A located, fingerprinted finding for a weak or missing outcome."""
    r = o.rule
    sev = _LOWER[severity] if o.state == "weak" else severity
    anchored = False
    if o.state == "weak" and o.evidence:
        first = next((m for m in o.evidence if m.verdict.strength == "hedged"), o.evidence[0])
        doc = docs[first.doc]
        s = doc.sentences[first.sentence]
        label, line, column, page, para = place(doc, s.start)
        path = doc.path
        identity = " ".join(s.section) + "\x1e" + s.text
        if o.note.startswith("only part"):
            message = f"Only partly committed: {r.title}. Part of it is committed to, not all of it."
        else:
            message = f"Only hedged support: {r.title}. The strongest sentence does not bind ({first.verdict.reason})."
    else:
        anchored = True
        home: Document | None
        if o.evidence:
            first = o.evidence[0]
            home = docs[first.doc]
            idx, heading = _heading_anchor(home, first.sentence)
        else:
            home = _anchor_document(o, docs, analyses)
            idx, heading = -1, ""
        if home is None:
            label, path, line, column, page, para = "", o.scope, 1, 1, None, None
        else:
            label, line, column, page, para = place(home, home.sentences[idx].start if idx >= 0 else 0)
            path = home.path
            if idx < 0 and not page:
                line, column, label = 1, 1, label if para else "line 1"
        where = f"heading '{heading}'" if heading else "the top of the document"
        if o.state == "weak":
            message = f"Only partly committed: {r.title} ({o.note or 'only partly committed'}; anchored at {where})"
        else:
            detail = o.note or "no sentence states it"
            message = f"{r.message} ({detail}; anchored at {where})"
        identity = heading
    # a missing requirement is a fact about its scope, wherever it is anchored: its fingerprint is
    # rule, scope and state only, so it survives edits that move the anchor; a weak one is its sentence
    fp = fingerprint(r.id, o.scope, o.state) if o.state == "missing" else fingerprint(r.id, o.scope, path, identity, o.state)
    return Finding(rule_id=r.id, title=r.title, area=r.area, severity=sev, state=o.state, scope=o.scope,  # type: ignore[arg-type]
                   message=message, hint=r.hint, cite=r.cite, path=path, line=line, column=column, page=page,
                   paragraph=para, location=label,
                   anchored=anchored, fingerprint=fp, evidence=evidence)


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """Unsuppressed findings per severity: what the summary shows and the exit code weighs."""
    active = [f for f in findings if f.suppressed is None]
    return {s: sum(1 for f in active if f.severity == s) for s in ("error", "warning", "info")}


def _kinds(e: ast.Expr | None) -> list[str]:
    """Document kinds an expression looks in, in source order: where its model language belongs."""
    if e is None or isinstance(e, ast.MetRef):
        return []
    if isinstance(e, ast.Judgement):
        return [e.kind] if e.kind else []
    if isinstance(e, ast.Quantified):
        return [e.kind, *_kinds(e.item)]
    if isinstance(e, ast.Not):
        return []
    return [k for item in e.items for k in _kinds(item)]


def rule_info(r: ast.Rule, severity: str) -> RuleInfo:
    """A rule's documentation for the report."""
    return RuleInfo(id=r.id, title=r.title, area=r.area, severity=severity, scope=r.scope,  # type: ignore[arg-type]
                    message=r.message, hint=r.hint, cite=r.cite, source=f"{r.span.file}:{r.span.line}",
                    documents=list(dict.fromkeys(_kinds(r.require))))


def subject_of(paths: list[str]) -> str:
    """The audited folder's name: the deepest folder holding every document (a lone file: its folder)."""
    folders = [posixpath.dirname(p) for p in paths]
    if not folders:
        return ""
    common = posixpath.commonpath(folders) if all(f.startswith("/") for f in folders) or not any(
        f.startswith("/") for f in folders) else ""
    return posixpath.basename(common.rstrip("/")) if common not in ("", ".", "/") else ""


def build_report(packs: list[CompiledPack], analyses: list[Analysis], outcomes: list[RuleOutcome],
                 failures: list[LoadFailure], skipped: list[str], overrides: dict[str, str], version: str,
                 rule_filter: Callable[[ast.Rule], bool], release_evidence: bool = False) -> Report:
    """Assemble the deterministic report. With `release_evidence` (the caller has no further use for
    the outcomes' matches) each outcome's match list is let go once its result, coverage row and
    finding are built, so a big folder never holds every match and every coverage cell at once."""
    docs = [a.doc for a in analyses]
    rank: dict[str, int] = {}
    rules: list[RuleInfo] = []
    areas: list[str] = []
    for p in packs:
        for name in p.pack.areas:
            if name not in areas:
                areas.append(name)
        for r in p.pack.rules:
            if rule_filter(r) and r.id not in rank:
                rank[r.id] = len(rank)
                rules.append(rule_info(r, overrides.get(r.id, r.severity)))
    by_id = {r.id: r for p in packs for r in p.pack.rules}
    results: list[Result] = []
    findings: list[Finding] = []
    coverage = []
    for o in sorted(outcomes, key=lambda o: (rank.get(o.rule.id, 0), o.scope != "folder", o.scope)):
        severity = overrides.get(o.rule.id, o.rule.severity)
        matches = o.evidence
        if o.state == "weak":  # partial evidence only from sentences about the requirement itself
            matches = on_topic(matches, requirement_names(o.rule, by_id.get), analyses)
        evidence = [evidence_of(m, docs) for m in matches[:MAX_EVIDENCE]]
        results.append(Result(rule_id=o.rule.id, title=o.rule.title, area=o.rule.area, severity=severity,  # type: ignore[arg-type]
                              scope=o.scope, state=o.state, evidence=evidence, note=o.note))
        coverage.append(coverage_row(o.rule.id, o.scope, o.state, matches, docs))
        if o.state in ("weak", "missing"):
            quotes = [evidence_of(m, docs) for m in select_quotes(o.state, matches, docs)]
            f = make_finding(o, severity, quotes, docs, analyses)
            if f is not None:
                findings.append(f)
        if release_evidence:
            o.evidence = []
    findings.sort(key=lambda f: (f.path, f.page or 0, f.line, f.rule_id, f.scope))
    # one per document (16,000 in a big folder): built from values of known types without validation,
    # sharing one set of field names (pydantic keeps a set per validated instance)
    infos = [DocumentInfo.model_construct(_INFO_FIELDS, path=a.doc.path, format=a.doc.format, kind=a.kind,
                                          title=a.doc.title, sentences=sum(1 for s in a.doc.sentences if not s.is_heading),
                                          error=None, warnings=list(a.doc.warnings)) for a in analyses]
    infos += [DocumentInfo(path=f.path, format=f.format, error=f.reason) for f in failures]
    infos.sort(key=lambda d: d.path)
    summary = _summary(results, findings, infos, skipped, areas)
    pack_infos = [PackInfo(name=p.pack.name, title=p.pack.title, version=p.pack.version,
                           rules=len(p.pack.rules)) for p in packs]
    return Report(version=version, subject=subject_of([d.path for d in infos]), packs=pack_infos, rules=rules,
                  results=results, findings=findings, documents=infos, summary=summary, coverage=coverage)


def _summary(results: list[Result], findings: list[Finding], infos: list[DocumentInfo], skipped: list[str],
             areas: list[str]) -> Summary:
    def count(rs: list[Result], state: str) -> int:
        return sum(1 for r in rs if r.state == state)

    area_rows = []
    for area in areas:
        rs = [r for r in results if r.area == area]
        if rs:
            area_rows.append(AreaSummary(area=area, total=len(rs), met=count(rs, "met"), weak=count(rs, "weak"),
                                         missing=count(rs, "missing"), not_applicable=count(rs, "not-applicable")))
    errored = sum(1 for d in infos if d.error)
    return Summary(discovered=len(infos) + len(skipped), audited=len(infos) - errored, errored=errored,
                   skipped=len(skipped), skipped_paths=skipped, results=len(results), met=count(results, "met"),
                   weak=count(results, "weak"), missing=count(results, "missing"),
                   not_applicable=count(results, "not-applicable"),
                   findings=severity_counts(findings),
                   areas=area_rows)
