"""Run one command and print, as JSON, its wall time and the CPU time and peak memory of its process tree.

A fresh process per measurement, because `getrusage(RUSAGE_CHILDREN)` keeps the largest peak of every
child ever waited for. The peak is the largest single process (a worker or the main one), not a sum.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    started = time.perf_counter()
    rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                        check=False).returncode
    wall = time.perf_counter() - started
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_kib": ru.ru_maxrss, "rc": rc}))


if __name__ == "__main__":
    main()
