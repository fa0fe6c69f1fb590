"""A big folder's run holds less: compact summaries, matches let go once reported, JSON written as
bytes in parts; every report stays byte-identical to the one built the plain way."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_factory import make_report
from test_format_escaping import hostile_report

from policy_audit.audit import AuditOptions, run_audit
from policy_audit.cli import cli
from policy_audit.cli.common import load_packs, utf8_chunks
from policy_audit.cli.output import OutputOptions, render, render_parts
from policy_audit.engine.summary import Packed, narrow
from policy_audit.report.formats import renderer
from policy_audit.report.models import Report
from policy_audit.report.plain import dump, view

OPTIONS = OutputOptions(formats=(), outputs=(), fail_on="error", date=datetime.date(2026, 1, 2))


def _joined(report: Report) -> bytes:
    return b"".join(utf8_chunks(render_parts("json", report, OPTIONS)))


@pytest.mark.parametrize("variant", ["clean", "hostile", "replacement", "view"])
def test_json_written_in_parts_is_the_rendered_json(variant: str) -> None:
    clean = make_report()
    report = {"clean": clean, "hostile": hostile_report(), "view": view(dump(hostile_report())),
              "replacement": clean.model_copy(update={"subject": "bad \ufffd byte \x85 \u2028"})}[variant]
    assert _joined(report) == str(render("json", report, OPTIONS)).encode("utf-8")


@given(text=st.text(max_size=40))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_gives_the_same_json_bytes(text: str) -> None:
    report = make_report()
    finding = report.findings[0].model_copy(update={"message": text, "path": "p/" + text})
    report = report.model_copy(update={"findings": [finding, *report.findings[1:]]})
    assert _joined(report) == renderer("json")(report).encode("utf-8", "surrogateescape").decode(
        "utf-8", "replace").encode("utf-8")  # as `utf8` writes a lone surrogate: U+FFFD


def test_long_text_is_encoded_in_chunks_as_a_whole() -> None:
    text = "é€" * 700_000 + "\udcff"  # a lone surrogate: that part is replaced as a whole
    assert b"".join(utf8_chunks((text[:-1], text[-1], b"\n"))) == text[:-1].encode() + "\ufffd\n".encode()
    assert len(list(utf8_chunks(text[:-1]))) == 2  # 1.4 M characters: two chunks of at most a megabyte


def test_packed_lists_take_the_narrowest_items_and_read_back() -> None:
    assert narrow([1, 255]).typecode == "B" and narrow([256]).typecode == "H"
    assert narrow([70_000]).typecode == "i" and narrow([-1]).typecode == "i" and narrow([]).typecode == "B"
    packed = Packed([(3, [0, 300, 1]), (9, []), (12, [70_000])])
    assert list(packed) == [3, 9, 12] and list(packed[3]) == [0, 300, 1] and list(packed[9]) == []
    assert list(packed[12]) == [70_000] and packed.get(4) is None


def test_check_report_equals_the_report_of_a_full_run(tmp_path: Path) -> None:
    """The check command lets matches go once reported; the API's run keeps them: same report."""
    folder = tmp_path / "district"
    shutil.copytree(REPO / "sample_policies" / "maple-valley-sd", folder)  # a district with findings
    out = tmp_path / "r.json"
    old = os.getcwd()
    os.chdir(tmp_path)  # shown paths are relative to the working folder, as on the command line
    try:
        full = run_audit([Path("district")], load_packs([]), AuditOptions(), "0.1.0")  # the packs as check loads them
        with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": "1700000000"}):
            result = CliRunner().invoke(cli, ["check", "district", "--no-config", "--no-cache", "-q",
                                              "--no-suppressions", "-f", "json", "-o", str(out)])
    finally:
        os.chdir(old)
    assert result.exit_code == 1, (result.output, result.exception)
    assert any(r.evidence for r in full.outcomes)  # the full run keeps every outcome's matches
    assert out.read_text(encoding="utf-8") == renderer("json")(full.report)


def test_bound_summaries_share_equal_verdicts_and_names(tmp_path: Path, mini_pack: object) -> None:
    import pickle

    from helpers import write_doc

    from policy_audit.engine.summary import summarize_path

    write_doc(tmp_path, "a.md", "# Equity\n\nThe Board shall fund the Office of Equity every year.\n")
    got = summarize_path(tmp_path / "a.md", "a.md", [mini_pack], 10**6, {})  # type: ignore[list-item]
    assert isinstance(got.result, list)
    one, two = (pickle.loads(pickle.dumps(got.result[0])) for _ in range(2))  # copies, as workers send them
    assert one.verdicts and one.verdicts[0] is not two.verdicts[0] and list(one.index)
    shared: dict[object, object] = {}
    a, b = one.bind(mini_pack, 0, shared), two.bind(mini_pack, 1, shared)  # type: ignore[arg-type]
    assert all(x is y for x, y in zip(a.verdicts, b.verdicts))
    assert all(x is y for x, y in zip(a.index, b.index))
    judgements = mini_pack.judgements  # type: ignore[attr-defined]
    unshared = got.result[0].bind(mini_pack, 0)  # type: ignore[arg-type]
    assert [a.matches(j) for j in judgements] == [unshared.matches(j) for j in judgements]
    assert any(a.matches(j) for j in judgements)


@given(text=st.text(max_size=40))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_json_split_at_the_documents_and_coverage_lists_joins_to_the_whole(text: str) -> None:
    from policy_audit.report.formats import json_format

    report = make_report()
    first = report.documents[0].model_copy(update={"path": text + '\n  "documents": []', "title": text})
    report = report.model_copy(update={"documents": [first, *report.documents[1:]], "subject": text})
    parts = json_format.render_parts(report)
    whole = renderer("json")(report).encode("utf-8", "surrogateescape").decode("utf-8", "replace").encode("utf-8")
    assert b"".join(utf8_chunks(parts)) == whole
    if "\ufffd" not in whole.decode("utf-8") and not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert len(parts) == len(report.documents) + len(report.coverage) + 6  # an item a part, not one buffer
