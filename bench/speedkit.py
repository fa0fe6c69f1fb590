"""Helpers of bench/speed.py: build benchmark folders from real policy text, run and measure commands."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).resolve().parent / "speedchild.py"


@dataclass
class Usage:
    """One measured command: wall seconds, CPU seconds (user + sys, all descendants), peak RSS in MiB."""

    wall: float
    cpu: float
    peak_mib: float
    rc: int


def sources(corpus: Path) -> list[Path]:
    """The Markdown and text files of a corpus folder and of the repository's sample policies."""
    found = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt") and p.name != "SOURCES.md")
    found += sorted((REPO / "sample_policies").rglob("*.md"))
    return found


def build_folder(target: Path, files: list[Path], size: int = 0, count: int = 0) -> tuple[int, int]:
    """Copy `files` round-robin into `target` until it holds `size` bytes or `count` files."""
    n = total = 0
    while (size and total < size) or (count and n < count):
        src = files[n % len(files)]
        dst = target / f"district-{n // len(files):04d}" / src.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        total += dst.stat().st_size
        n += 1
    return n, total


def build_file(target: Path, files: list[Path], size: int) -> int:
    """One Markdown file of about `size` bytes: the texts one after another, repeated."""
    parts: list[str] = []
    total = n = 0
    while total < size:
        text = files[n % len(files)].read_text(encoding="utf-8", errors="replace")
        parts.append(text)
        total += len(text.encode("utf-8"))
        n += 1
    target.write_text("\n\n".join(parts), encoding="utf-8")
    return target.stat().st_size


def phrases_file(target: Path) -> tuple[Path, int]:
    """Every literal phrase of the default pack (wildcards cut to their prefix), one per line."""
    sys.path.insert(0, str(REPO))
    from policy_audit.engine.matcher import flatten_terms
    from policy_audit.language.pack import default_rules_path, load_pack

    pack = load_pack([default_rules_path()])
    words = {p.replace("*", "") for phrases in flatten_terms(pack).values() for p in phrases}
    words |= {p.text.replace("*", "") for m in pack.modalities.values() for p in m.phrases}
    kept = sorted(w.strip() for w in words if w.strip())
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target, len(kept)


def measure(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> Usage:
    """Run `cmd` under bench/speedchild.py, which reports the resources of its descendants."""
    out = subprocess.run([sys.executable, str(CHILD), *cmd], capture_output=True, text=True, env=env,
                         cwd=cwd, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return Usage(data["wall"], data["cpu"], data["maxrss_kib"] / 1024, data["rc"])


def median(cmd: list[str], env: dict[str, str], runs: int, cwd: Path | None = None) -> Usage:
    """The median wall and CPU time of `runs` runs, and the largest peak memory."""
    got = [measure(cmd, env, cwd) for _ in range(runs)]
    return Usage(statistics.median(u.wall for u in got), statistics.median(u.cpu for u in got),
                 max(u.peak_mib for u in got), got[-1].rc)


def tool_env(tool_root: Path, cache_home: Path) -> dict[str, str]:
    """The environment the audited tool runs in: its source tree first, a private cache folder."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tool_root) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["XDG_CACHE_HOME"] = str(cache_home)
    env.pop("CI", None)
    # as on a user's machine: Python keeps the compiled bytecode of the tool's modules between runs
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def supports(flag: str, env: dict[str, str], cwd: Path) -> bool:
    """True when this version of `policy-audit check` has `flag` (older trees are benchmarked too); run
    in `cwd`, away from any checkout that `python -m` would import instead of the tree on PYTHONPATH."""
    out = subprocess.run([sys.executable, "-m", "policy_audit", "check", "--help"], capture_output=True,
                         text=True, env=env, check=False, cwd=cwd)
    return flag in out.stdout


def pdf_pages(paths: list[Path]) -> int:
    """Pages in these PDF files (pypdfium2, the tool's own PDF reader)."""
    import pypdfium2  # type: ignore[import-untyped]

    total = 0
    for p in paths:
        doc = pypdfium2.PdfDocument(str(p))
        total += len(doc)
        doc.close()
    return total
