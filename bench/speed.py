#!/usr/bin/env python3
"""Speed benchmark: every figure of the speed table, beside ripgrep and grep on the same text.

Run by hand (not a test):  python bench/speed.py [--corpus ../shared/corpus/dev] [--quick]

It builds folders from the corpus's Markdown and the repository's sample policies, repeated, in a
temporary folder, and runs `policy-audit` (from --tool-root, default this checkout) as a command.
Every command runs in the temporary folder, so --tool-root, not the folder the bench was started from,
is the code measured. Times are CPU seconds (user + sys of the whole process tree) where a ratio to ripgrep is given,
wall seconds elsewhere; each is the median of --runs runs. Peak memory is the largest resident set
of one process of the run (resource.getrusage of children). ripgrep, grep and proselint are given
the pack's phrases; they only find words and judge nothing.

The `--jobs` rows run `--jobs 1` and `--jobs 2` alternately and give the median of the pairs' ratios.
They are measured twice: with nothing cached (`--no-cache`, so every run also parses and
compiles the rule pack) and with the pack cached but every document new (each run starts from a cache
that holds only the pack: the common CI run, an unchanged pack and new drafts). `--parts jobs` runs
only those rows.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speedkit import (
    REPO,
    Usage,
    build_file,
    build_folder,
    measure,
    median,
    pdf_pages,
    phrases_file,
    sources,
    supports,
    tool_env,
)

MB = 1_000_000


class Bench:
    """The tool under test and the folders it runs on."""

    def __init__(self, args: argparse.Namespace, root: Path) -> None:
        self.args = args
        self.root = root  # also the working folder of every run: `python -m` puts it first on sys.path, and
        # the tree measured must be --tool-root (on PYTHONPATH), not a checkout the bench was started in
        self.env = tool_env(args.tool_root.resolve(), root / "cache-home")
        self.exe = [sys.executable, "-m", "policy_audit"]
        self.cached = supports("--no-cache", self.env, root)
        self.texts = sources(args.corpus)
        self.phrases, self.n_phrases = phrases_file(root / "phrases.txt")

    def check(self, target: Path, *extra: str, cache: bool = False, runs: int = 0) -> Usage:
        """`policy-audit check TARGET -f json` (uncached unless `cache`)."""
        out = self.root / "report.json"
        cmd = [*self.exe, "check", str(target), "-f", "json", "-o", str(out), "--no-progress", *extra]
        if self.cached:
            cmd += ["--cache-dir", str(self.root / "cache")] if cache else ["--no-cache"]
        return median(cmd, self.env, runs or self.args.runs, cwd=self.root)

    def check_new(self, target: Path, *extra: str, runs: int = 0) -> Usage:
        """`check TARGET` with the rule pack already in the cache but none of the documents: the common CI
        run (the pack unchanged, the drafts new). Each run starts from a copy of a cache that holds only
        the pack, so no summary of an earlier run is reused."""
        seed = self.root / "pack-cache"
        if not seed.exists():
            tiny = self.root / "seed.md"
            tiny.write_text("# Seed\n\nThe district shall publish an equity plan.\n", encoding="utf-8")
            cmd = [*self.exe, "check", str(tiny), "-f", "json", "-o", str(self.root / "seed.json"),
                   "--no-progress", "--cache-dir", str(seed)]
            measure(cmd, self.env, cwd=self.root)
            tiny.unlink()
        out, cache = self.root / "report.json", self.root / "new-cache"
        cmd = [*self.exe, "check", str(target), "-f", "json", "-o", str(out), "--no-progress", *extra,
               "--cache-dir", str(cache)]
        got = []
        for _ in range(runs or self.args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(seed, cache)
            got.append(measure(cmd, self.env, cwd=self.root))
        shutil.rmtree(cache, ignore_errors=True)
        return Usage(statistics.median(u.wall for u in got), statistics.median(u.cpu for u in got),
                     max(u.peak_mib for u in got), got[-1].rc)

    def report(self) -> bytes:
        """The bytes of the last report written."""
        return (self.root / "report.json").read_bytes()

    def sentences(self) -> int:
        report = json.loads((self.root / "report.json").read_text(encoding="utf-8"))
        return sum(d.get("sentences") or 0 for d in report["documents"])

    def rg(self, target: Path) -> Usage | None:
        exe = shutil.which("rg")
        return median([exe, "-j1", "-i", "-w", "-F", "-c", "-f", str(self.phrases), str(target)], self.env,
                      self.args.runs) if exe else None

    def grep(self, target: Path) -> Usage | None:
        exe = shutil.which("grep")
        return median([exe, "-r", "-i", "-F", "-c", "-f", str(self.phrases), str(target)], self.env,
                      self.args.runs) if exe else None

    def folder(self, name: str, size: int = 0, count: int = 0, files: list[Path] | None = None) -> tuple[Path, int, int]:
        target = self.root / name
        n, total = build_folder(target, files or self.texts, size=size, count=count)
        return target, n, total


def ratio(a: float, b: Usage | None) -> str:
    return f"{a / b.cpu:.2f}x" if b and b.cpu > 0 else "n/a"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "dev",
                    help="folder of real policy text (default: ../shared/corpus/dev beside the repository)")
    ap.add_argument("--tool-root", type=Path, default=REPO, help="source tree of the policy-audit to measure")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1,4,10,50", help="folder sizes in MB (growth; the 10 MB one is the throughput)")
    ap.add_argument("--file-sizes", default="1,4,16", help="single-file sizes in MB")
    ap.add_argument("--reaudit-files", type=int, default=5000)
    ap.add_argument("--jobs-files", type=int, default=1000)
    ap.add_argument("--copies", type=int, default=100, help="copies of each sample DOCX and PDF")
    ap.add_argument("--diff-kb", default="16,128,256,1024")
    ap.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test of the bench")
    ap.add_argument("--parts", default="all", choices=["all", "jobs", "peers"],
                    help="'all', 'jobs' (only the --jobs rows) or 'peers' (only the peers row)")
    args = ap.parse_args()
    if args.quick:
        args.runs, args.sizes, args.file_sizes, args.reaudit_files = 1, "1,4", "1", 500
        args.jobs_files, args.copies, args.diff_kb = 200, 10, "16,128"
    with tempfile.TemporaryDirectory(prefix="policy-audit-bench-") as tmp:
        run(Bench(args, Path(tmp)))


def run(b: Bench) -> None:
    a = b.args
    print(f"policy-audit from {a.tool_root}; corpus {a.corpus} ({len(b.texts)} texts with the samples); "
          f"{b.n_phrases:,} pack phrases; median of {a.runs} runs")
    for tool in ("rg", "grep", "proselint", "textlint"):
        if not shutil.which(tool):
            print(f"note: {tool} is not installed: its column is n/a")
    if not b.cached:
        print("note: this version has no cache (--no-cache/--cache-dir): cached figures are n/a")
    print("\n| figure | measured |\n| --- | --- |")
    if a.parts == "peers":
        peers(b)
        return
    if a.parts == "jobs":
        cells = ", ".join(f"{what} {'same' if ok else 'DIFFERENT'}" for what, ok in jobs(b))
        print(f"| byte-identical reports (--jobs 1 and 2; cached and uncached) | {cells} |")
        return
    sizes = [float(s) for s in a.sizes.split(",")]
    through = 10.0 if 10.0 in sizes else sizes[0]
    for size in sizes:
        target, n, total = b.folder(f"folder-{size:g}mb", size=int(size * MB))
        u = b.check(target, runs=a.runs if size <= 10 else 1)
        sents = b.sentences()
        rg, grep = b.rg(target), b.grep(target)
        mbs = total / MB / u.cpu
        print(f"| check, Markdown folder {total / MB:.1f} MB ({n} files) | {u.cpu:.2f} CPU s, {mbs:.2f} MB/s, "
              f"{sents / u.cpu:,.0f} sentences/s; {ratio(u.cpu, rg)} `rg -j1 -i -w -F -f PHRASES`, "
              f"{ratio(u.cpu, grep)} `grep -r -i -F -f PHRASES`; {u.cpu / (total / MB):.2f} CPU s/MB; "
              f"peak {u.peak_mib:.0f} MiB{' (throughput figure)' if size == through else ''} |")
        if size == through:
            floor(b, target, total, u, rg)
        shutil.rmtree(target)
    for size in [float(s) for s in a.file_sizes.split(",")]:
        one = b.root / f"one-{size:g}mb.md"
        total = build_file(one, b.texts, int(size * MB))
        u = b.check(one, runs=1)
        print(f"| check, one Markdown file {total / MB:.1f} MB | {u.cpu:.2f} CPU s, {u.cpu / (total / MB):.2f} CPU s/MB, "
              f"peak {u.peak_mib:.0f} MiB |")
        one.unlink()
    same = jobs(b)
    same += reaudit(b)
    startup(b)
    cells = ", ".join(f"{what} {'same' if ok else 'DIFFERENT'}" for what, ok in same)
    print(f"| byte-identical reports (--jobs 1 and 2; cached and uncached) | "
          f"{'yes' if all(ok for _, ok in same) else 'NO'}: {cells} |")
    diff(b)
    peers(b)


def floor(b: Bench, target: Path, total: int, check: Usage, rg: Usage | None) -> None:
    """What a check of `target` cannot go below: reading the files and matching the phrases, judging
    nothing (bench/mapfloor.py, in the tree measured), beside ripgrep on the same folder."""
    cmd = [sys.executable, str(Path(__file__).resolve().parent / "mapfloor.py"), str(target)]
    found = subprocess.run(cmd, env=b.env, cwd=b.root, capture_output=True, text=True, check=False)
    if found.returncode != 0:
        print(f"| map-step floor | n/a (bench/mapfloor.py failed: {found.stderr.strip().splitlines()[-1:]}) |")
        return
    data = json.loads(found.stdout)
    mb = total / MB
    load, scan = data["load_cpu"] / mb, data["match_cpu"] / mb
    rg_mb = f"{rg.cpu / mb:.2f}" if rg else "n/a"
    print(f"| map-step floor, same folder (judging nothing) | reading and segmenting {load:.2f} CPU s/MB, "
          f"tokenising and matching {scan:.2f} CPU s/MB: together {ratio((load + scan) * mb, rg)} rg "
          f"({rg_mb} CPU s/MB), {(load + scan) * mb / check.cpu:.0%} of the check |")


def paired(one: Callable[[], Usage], two: Callable[[], Usage], runs: int,
           report: Callable[[], bytes]) -> tuple[float, Usage, Usage, list[bytes]]:
    """`one` and `two` run alternately, `runs` times each: the median of the pairs' wall ratios (this
    machine's speed drifts from minute to minute more than between two runs in a row), each side's
    median usage, and the report of each side's last run."""
    ones, twos, ratios, reports = [], [], [], [b"", b""]
    for _ in range(runs):
        ones.append(one())
        reports[0] = report()
        twos.append(two())
        reports[1] = report()
        ratios.append(ones[-1].wall / twos[-1].wall)

    def mid(got: list[Usage]) -> Usage:
        return Usage(statistics.median(u.wall for u in got), statistics.median(u.cpu for u in got),
                     max(u.peak_mib for u in got), got[-1].rc)
    return statistics.median(ratios), mid(ones), mid(twos), reports


def jobs(b: Bench) -> list[tuple[str, bool]]:
    """`--jobs 2` against `--jobs 1` on each format, with nothing cached (`--no-cache`: the pack is parsed
    and compiled in every run) and with the pack cached but every document new (see `check_new`)."""
    md, n, _ = b.folder("jobs-md", count=b.args.jobs_files)
    rows = [("Markdown", md, f"{n} files")]
    for ext in ("docx", "pdf"):
        samples = sorted((REPO / "sample_policies").rglob(f"*.{ext}"))
        target, n, _ = b.folder(f"jobs-{ext}", count=len(samples) * b.args.copies, files=samples)
        extra = f", {pdf_pages(list(target.rglob('*.pdf')))} pages" if ext == "pdf" else ""
        rows.append((ext.upper(), target, f"{n} files{extra}"))
    same = []
    for label, target, what in rows:
        ratio_cold, one, two, (first, second) = paired(
            lambda t=target: b.check(t, "--jobs", "1", runs=1),
            lambda t=target: b.check(t, "--jobs", "2", runs=1), b.args.runs, b.report)
        same.append((f"{label} --jobs 1/2", second == first))
        line = (f"| --jobs 2 vs --jobs 1, {label} ({what}) | nothing cached: {ratio_cold:.2f}x "
                f"({one.wall:.2f} s -> {two.wall:.2f} s wall, {one.cpu:.2f} -> {two.cpu:.2f} CPU s)")
        if b.cached:
            ratio_new, new_one, new_two, reports = paired(
                lambda t=target: b.check_new(t, "--jobs", "1", runs=1),
                lambda t=target: b.check_new(t, "--jobs", "2", runs=1), b.args.runs, b.report)
            same.append((f"{label} new documents --jobs 1", reports[0] == first))
            same.append((f"{label} new documents --jobs 2", reports[1] == first))
            line += (f"; pack cached, documents new: {ratio_new:.2f}x ({new_one.wall:.2f} s -> "
                     f"{new_two.wall:.2f} s wall, {new_one.cpu:.2f} -> {new_two.cpu:.2f} CPU s)")
        if label == "PDF":
            pages = int(what.split(", ")[1].split()[0])
            line += f"; PDF end to end, nothing cached: {pages / one.wall:.0f} pages/s (--jobs 1), {pages / two.wall:.0f} (--jobs 2)"
            if b.cached:
                line += f"; pack cached: {pages / new_one.wall:.0f} (--jobs 1), {pages / new_two.wall:.0f} (--jobs 2)"
        print(line + " |")
        shutil.rmtree(target)
    return same


def reaudit(b: Bench) -> list[tuple[str, bool]]:
    target, n, total = b.folder("reaudit", count=b.args.reaudit_files)
    same = []
    if b.cached:
        b.check(target, cache=True, runs=1)  # fills the cache
        u = b.check(target, cache=True)
        warm = b.report()
        b.check(target, "--jobs", "2", cache=True, runs=1)
        same.append(("cached --jobs 2", b.report() == warm))
        cold = b.check(target, runs=1)
        same.append(("Markdown cached/uncached", b.report() == warm))
        print(f"| re-audit of an unchanged {n}-file folder ({total / MB:.1f} MB) | {u.wall:.2f} s wall cached "
              f"({cold.wall:.2f} s uncached), peak {u.peak_mib:.0f} MiB |")
    else:
        u = b.check(target, runs=1)
        print(f"| re-audit of an unchanged {n}-file folder ({total / MB:.1f} MB) | {u.wall:.2f} s wall (no cache) |")
    shutil.rmtree(target)
    return same


STAMP_SETTLE = 1.0  # seconds: a file stamp is trusted once its last change is half a second old


def startup(b: Bench) -> None:
    tiny = b.root / "tiny.md"
    tiny.write_text((REPO / "sample_policies" / "maple-valley-sd" / "policy-0150-educational-equity.md")
                    .read_text(encoding="utf-8")[:400], encoding="utf-8")
    time.sleep(STAMP_SETTLE)  # a saved file, not one still being written: its stamp can be trusted
    b.check(tiny, cache=True, runs=1)  # a warm cache, as every run after the first has
    one = b.check(tiny, cache=True)
    ver = median([*b.exe, "--version"], b.env, b.args.runs, cwd=b.root)
    print(f"| one tiny file, start-up included | {one.wall:.2f} s wall = {one.wall / ver.wall:.1f}x `--version` "
          f"({ver.wall:.2f} s) |")


def diff(b: Bench) -> None:
    cells = []
    for kb in [int(k) for k in b.args.diff_kb.split(",")]:
        old, new = b.root / f"diff-{kb}-old.md", b.root / f"diff-{kb}-new.md"
        build_file(old, b.texts, kb * 1000)
        new.write_text(re.sub(r"\bshall\b", "may", old.read_text(encoding="utf-8")), encoding="utf-8")
        u = median([*b.exe, "diff", str(old), str(new), "-f", "json", "-o", str(b.root / "diff.json")], b.env,
                   1 if kb > 256 else b.args.runs, cwd=b.root)
        cell = f"{kb} KB {u.cpu:.2f} CPU s"
        if kb >= 1000:
            c = b.check(new, runs=1)
            cell += f" ({u.cpu / c.cpu:.1f}x a check of it)"
        cells.append(cell)
    print(f"| diff, every 'shall' changed to 'may' | {', '.join(cells)} |")


def peers(b: Bench) -> None:
    """Other prose linters on the same folder, where they are on PATH: proselint with its default
    checks, and textlint with one rule (no-todo) loaded, its cheapest useful run (parsing each file
    into its syntax tree is most of its cost, whatever rules it runs)."""
    target, _, total = b.folder("peers", size=MB)
    files = list(map(str, sorted(target.rglob("*.md"))))
    ours = b.check(target)
    cell = f"policy-audit {ours.cpu / (total / MB):.2f}"
    exe = shutil.which("proselint")
    if exe:
        new_cli = "check" in subprocess.run([exe, "--help"], capture_output=True, text=True, check=False).stdout
        u = median([exe, *(["check"] if new_cli else []), *files], b.env, 1)
        cell += f", proselint {u.cpu / (total / MB):.2f} (policy-audit takes {ours.cpu / u.cpu:.2f}x its time)"
    else:
        cell += ", proselint not installed"
    exe = shutil.which("textlint")
    modules = Path(exe).parent.parent if exe else None
    if exe and modules and (modules / "textlint-rule-no-todo").is_dir():
        u = median([exe, "--rule", "no-todo", "--rules-base-directory", str(modules), *files], b.env, 1)
        cell += f", textlint {u.cpu / (total / MB):.2f} (policy-audit takes {ours.cpu / u.cpu:.2f}x its time)"
    else:
        cell += ", textlint (with textlint-rule-no-todo) not installed"
    print(f"| peers on the same {total / MB:.1f} MB folder (CPU s/MB) | {cell} |")


if __name__ == "__main__":
    main()
