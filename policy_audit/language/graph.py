"""Dependency order and cycles over named things (term sets, defines, patterns, met() rules).

Iterative, so a chain of thousands of names is an ordinary input, never a RecursionError.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator


def dependency_order(names: Iterable[str], deps: Callable[[str], Iterable[str]]) -> tuple[list[str], list[list[str]]]:
    """Every name after the names it depends on (depth-first post-order), and each cycle met.

    A cycle is the path from the name it returns to, back to that name (`[A, B, A]`). Names that
    `deps` yields but `names` does not hold are the caller's to report; they are skipped here.
    """
    universe = list(dict.fromkeys(names))
    pool = set(universe)
    order: list[str] = []
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in universe:
        if root in state:
            continue
        path: list[str] = [root]
        stack: list[Iterator[str]] = [iter(deps(root))]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                done = path.pop()
                state[done] = 2
                order.append(done)
                continue
            if nxt not in pool:
                continue
            seen = state.get(nxt)
            if seen == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif seen is None:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(deps(nxt)))
    return order, cycles
