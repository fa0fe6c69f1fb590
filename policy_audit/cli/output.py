"""Where `check` sends its reports: stdout or files, UTF-8 always, colour by one rule, a summary on stderr.

Colour precedence, first match wins: `--color`/`--no-color`, then `NO_COLOR` (set and not empty:
off), then `FORCE_COLOR` (set, not empty and not `0`: on), then whether the stream is a terminal.
"""

from __future__ import annotations

import datetime
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from .common import Text, utf8_chunks, write_atomic

if TYPE_CHECKING:
    from ..report.models import Report


ESCAPING_ELSEWHERE = frozenset({"text", "json", "sarif", "junit", "github", "gitlab", "markdown"})  # escape inside


@dataclass(frozen=True)
class OutputOptions:
    """What the command line asked for about output."""

    formats: tuple[str, ...]
    outputs: tuple[str, ...]
    fail_on: str
    color: bool | None = None  # --color / --no-color; None: decide from the environment
    quiet: bool = False
    verbose: bool = False
    statistics: bool = False
    date: datetime.date | None = None  # the HTML report's date (--report-date)


def use_color(flag: bool | None, stream: TextIO) -> bool:
    """Whether to colour text for `stream`: flag, then NO_COLOR, then FORCE_COLOR, then a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR", "")
    if force and force.lower() not in ("0", "false"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def emit(text: str | tuple[str | bytes, ...], stream: TextIO | None = None) -> None:
    """Write `text` (or its parts) to a standard stream as UTF-8 bytes, whatever the locale's encoding
    (cp1252, Latin-1)."""
    stream = stream or sys.stdout
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a stream without bytes underneath (rare: an embedding host's)
        stream.write(text if isinstance(text, str) else "".join(p if isinstance(p, str) else p.decode() for p in text))
    else:
        for chunk in utf8_chunks(text):
            buffer.write(chunk)
        buffer.flush()


def render(fmt: str, report: Report, options: OutputOptions, color: bool = False) -> str | bytes:
    """One format's text (bytes for a workbook): `--statistics` stands in for the text report; JUnit
    follows --fail-on; the HTML report carries --report-date."""
    if fmt == "text":
        from ..report.formats import text

        return text.statistics(report) if options.statistics else text.render(report, color=color)
    if fmt == "junit":
        from ..report.formats import junit

        return junit.render(report, fail_on=options.fail_on)
    from ..report.escape import safe_report
    from ..report.formats import renderer

    if fmt in ESCAPING_ELSEWHERE:
        return renderer(fmt)(report)
    if fmt == "html":
        from ..report.formats import html

        return html.render(safe_report(report), date=options.date)
    return renderer(fmt)(safe_report(report))  # csv, html: escaped here too (escaping twice changes nothing)


def render_parts(fmt: str, report: Report, options: OutputOptions, color: bool = False) -> Text:
    """`render`'s output, JSON as UTF-8 parts (see `json_format.render_parts`): written one after
    another, they are the same bytes without the report being held as text and bytes at once."""
    if fmt == "json":
        from ..report.formats import json_format

        return json_format.render_parts(report)
    return render(fmt, report, options, color)


def documents_lines(report: Report) -> list[str]:
    """`-v`: every file found and what became of it (kind and sentences, the error, or skipped)."""
    from ..report.escape import safe_report

    report = safe_report(report)
    lines = ["Documents"]
    for d in report.documents:
        state = f"error: {d.error}" if d.error else f"{d.kind or 'no kind'}, {d.sentences} sentences"
        lines.append(f"  {d.path} ({d.format}): {state}")
    lines += [f"  {path}: skipped" for path in report.summary.skipped_paths]
    return [*lines, ""]


def write_reports(report: Report, options: OutputOptions) -> None:
    """Render every requested format to stdout or its file; when all went to files, summarise on stderr."""
    written: list[tuple[str, str]] = []
    stdout_color = use_color(options.color, sys.stdout)
    for i, fmt in enumerate(options.formats):
        if options.outputs:
            write_atomic(options.outputs[i], render_parts(fmt, report, options))
            written.append((options.outputs[i], fmt))
        else:
            out = render_parts(fmt, report, options, color=stdout_color)
            if isinstance(out, bytes):  # a workbook; check refuses it without -o, so this is a safe net
                sys.stdout.buffer.write(out)
            else:
                emit(out)
    if options.quiet:
        return
    from ..report.escape import display_name
    from ..report.formats.text import summary_lines

    lines = documents_lines(report) if options.verbose else []
    if written:  # nothing went to the terminal: say how it went and where each report is
        lines += summary_lines(report, use_color(options.color, sys.stderr))
        lines += [f"wrote {display_name(path)} ({fmt})" for path, fmt in written]
    if lines:
        emit("\n".join(lines) + "\n", sys.stderr)
