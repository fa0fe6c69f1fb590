"""Regenerate the README's screenshots of the HTML report: `python tests/make_screenshots.py`.

Desktop (1280 px), phone (390 px, at the coverage matrix) and the first printed page (Letter), of
the maple-valley sample with a fixed date, into docs/.
"""

from __future__ import annotations

import datetime
import sys
import tempfile
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import run, screenshot, why_not_runnable  # noqa: E402
from helpers import REPO  # noqa: E402

from policy_audit import __version__  # noqa: E402
from policy_audit.audit import AuditOptions, run_audit  # noqa: E402
from policy_audit.engine.compiled import CompiledPack  # noqa: E402
from policy_audit.language.pack import default_rules_path, load_pack  # noqa: E402
from policy_audit.report.formats.html import render  # noqa: E402


def phone(html: str, out: Path, work: Path) -> None:
    """A 390 x 844 shot scrolled to the coverage matrix, through a frame (headless windows are >= 500 px)."""
    frame = (f'<!DOCTYPE html><body style="margin:0"><iframe id="f" style="border:0;width:390px;height:844px" '
             f'srcdoc="{escape(html, quote=True)}"></iframe><script>document.getElementById("f").onload=function(){{'
             'var d=this.contentDocument;this.contentWindow.scrollTo(0,d.getElementById("coverage").offsetTop-8);};'
             "</script></body>")
    wrapper = work / "phone.html"
    wrapper.write_text(frame, encoding="utf-8")
    shot = work / "phone.png"
    run(["--window-size=600,844", "--virtual-time-budget=3000", f"--screenshot={shot}", "--hide-scrollbars",
         wrapper.as_uri()], work)
    from PIL import Image

    Image.open(shot).crop((0, 0, 390, 844)).save(out)


def main() -> None:
    """Write docs/report-desktop.png, docs/report-mobile.png and docs/report-print.png."""
    work = Path(tempfile.mkdtemp(prefix="shots-"))
    reason = why_not_runnable(work)
    if reason:
        sys.exit(reason)
    pack = CompiledPack.build(load_pack([default_rules_path()]))
    report = run_audit([REPO / "sample_policies" / "maple-valley-sd"], [pack], AuditOptions(), __version__).report
    page = work / "maple-valley.html"
    page.write_text(render(report, date=datetime.date(2026, 3, 9)), encoding="utf-8")
    docs = REPO / "docs"
    screenshot(page, docs / "report-desktop.png", 1280, 1500, work)
    phone(page.read_text(encoding="utf-8"), docs / "report-mobile.png", work)
    pdf = work / "maple-valley.pdf"
    run([f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()], work)
    import pypdfium2

    pypdfium2.PdfDocument(str(pdf))[0].render(scale=1.4).to_pil().save(docs / "report-print.png")
    print("wrote docs/report-desktop.png, docs/report-mobile.png, docs/report-print.png")


if __name__ == "__main__":
    main()
