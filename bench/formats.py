#!/usr/bin/env python3
"""Format benchmark: how fast each document loader reads generated documents on this machine.

Run by hand (not a test; PDF generation needs fpdf2, the test-only dependency):

    python bench/formats.py                 # 200 PDF pages, 200 DOCX, 200 each of ODT, RTF and HTML
    python bench/formats.py --pages 500 --docs 100 --compare

Documents are built by tests/fixtures/make_documents.py from its one source text, each DOCX, ODT, RTF
and HTML about three PDF pages long. Loading is timed from bytes in memory (no disk), best of --repeat
runs. --compare also times text extraction alone with each candidate PDF library that is installed
(pypdfium2, pypdf, pdfminer.six) on the same PDF, as docs/formats.md reports.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "fixtures"))

import make_documents as md  # noqa: E402

from policy_audit.documents.loaders import loader_for  # noqa: E402


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The shortest wall time of `repeat` runs of `work`, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_pdf(pages: int, repeat: int) -> tuple[bytes, float]:
    """Load one PDF of `pages` pages; return it and the pages per second."""
    data = md.make_pdf(md.scaled(pages), break_before=1)
    load = loader_for("bench.pdf")
    loaded = load(data, "bench.pdf")
    assert loaded.metadata["pages"] == pages, loaded.metadata
    seconds = best_of(repeat, lambda: load(data, "bench.pdf"))
    return data, pages / seconds


def bench_docs(ext: str, build: Callable[[list[md.Node]], bytes], count: int, repeat: int) -> float:
    """Load `count` different documents of one format; return documents per second."""
    docs = [build(md.scaled(3) + [("paragraph", 0, f"Document number {n}.")]) for n in range(count)]
    load = loader_for("bench" + ext)

    def run() -> None:
        for data in docs:
            load(data, "bench" + ext)

    return count / best_of(repeat, run)


def compare_pdf_libraries(data: bytes, pages: int) -> None:
    """Pages per second of plain text extraction with each installed candidate library."""

    def pdfium() -> None:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        for n in range(len(pdf)):
            pdf[n].get_textpage().get_text_range()

    def pypdf() -> None:
        import io

        import pypdf

        for page in pypdf.PdfReader(io.BytesIO(data)).pages:
            page.extract_text()

    def pdfminer() -> None:
        import io

        from pdfminer.high_level import extract_text

        extract_text(io.BytesIO(data))

    for name, run in (("pypdfium2", pdfium), ("pypdf", pypdf), ("pdfminer.six", pdfminer)):
        try:
            seconds = best_of(1, run)
        except ImportError:
            print(f"  {name:13} not installed")
            continue
        print(f"  {name:13} {pages / seconds:8.0f} pages/s  (text only)")


def main() -> int:
    """Build the documents, time the loaders and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200, help="pages in the PDF (default 200)")
    parser.add_argument("--docs", type=int, default=200, help="documents per other format (default 200)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept (default 3)")
    parser.add_argument("--compare", action="store_true", help="also time the candidate PDF libraries")
    args = parser.parse_args()

    data, pdf_rate = bench_pdf(args.pages, args.repeat)
    print(f"pdf   {args.pages} pages, {len(data) / 1024:.0f} KiB: {pdf_rate:8.0f} pages/s")
    for ext, build in ((".docx", md.make_docx), (".odt", md.make_odt), (".rtf", md.make_rtf),
                       (".html", md.make_html)):
        rate = bench_docs(ext, build, args.docs, args.repeat)
        print(f"{ext[1:]:5} {args.docs} documents of ~3 pages: {rate:8.0f} documents/s")
    if args.compare:
        print(f"PDF libraries on the same {args.pages}-page PDF:")
        compare_pdf_libraries(data, args.pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
