"""Property: any text, however odd its layout, goes through the whole pipeline and every format."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_audit.audit import AuditOptions, run_audit
from policy_audit.cli.common import load_packs
from policy_audit.documents.load import load_document
from policy_audit.documents.model import LoadFailure
from policy_audit.report.formats import BINARY, FORMATS, renderer

PACK = load_packs([])
PIECES = ["# ", "## ", "- ", "1. ", "  ", "\n", "\n\n", ":", ";", ".", "|", "---\n", "<!-- ", " -->",
          "policy-audit: ignore FND-01 -- r", "The Board shall ", "may ", "not ", "equity ", "fund ",
          "Chief Equity Officer ", "reports to the Superintendent", "budget", "«", "é", "\t", "*", "\r\n",
          "no later than", "Definitions\n", "title: x\n", "ŉ", "\u2028", "\x00"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=80).map("".join),
       st.sampled_from([".md", ".txt", ".html"]))
def test_any_text_is_audited_or_reported_never_a_crash(text: str, ext: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"doc{ext}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        report = run_audit([path], PACK, AuditOptions(), "fuzz").report
        assert len(report.documents) == 1
        doc = report.documents[0]
        loaded = load_document(path, doc.path)
        if isinstance(loaded, LoadFailure):  # unreadable: reported with its reason, nothing made up
            assert doc.error == loaded.reason and doc.error.strip() and doc.sentences == 0
            assert report.summary.errored == 1 and report.findings == []
        else:  # read: every sentence (not heading) the loader found is counted, and the document took part
            assert doc.error is None and doc.sentences == sum(1 for s in loaded.sentences if not s.is_heading)
            assert report.summary.audited == 1
        for name in FORMATS:
            assert isinstance(renderer(name)(report), bytes if name in BINARY else str)
