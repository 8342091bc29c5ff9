"""Search over the whole criteria library, against a plain substring scan measured in the same run.

The baseline is the simplest search anyone would write: lower-case every text of every
criterion and look for each query word as a substring. cirkular's search stems both
languages, checks compound parts and ranks, so it does more; the ratio shows what that costs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from cirkular.core.criteria import CriterionType, Filters, load_library

QUERIES = [
    ("återbrukade möbler", Filters()),
    ("reservdelar", Filters(group="it-equipment")),
    ("spare parts warranty", Filters()),
    ("", Filters(cpv="39130000")),
    ("textil", Filters(type=CriterionType.AWARD)),
    ("återvinning förpackningar", Filters(goal="E")),
    ("take-back", Filters(r_code="R3")),
    ("klimat", Filters()),
]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def run(repeat: int = 200) -> None:
    library = load_library()
    blobs = [
        (c, " ".join(t.sv + " " + t.en for t in (c.name, c.text, c.motive, c.verification, c.follow_up)).lower())
        for c in library.criteria
    ]

    def baseline() -> None:
        for query, _ in QUERIES:
            words = query.lower().split()
            [c for c, blob in blobs if all(w in blob for w in words)]

    def ours() -> None:
        for query, filters in QUERIES:
            library.search(query, filters)

    ours()  # warm caches (stemmers)
    base = timed(baseline, repeat)
    mine = timed(ours, repeat)
    per_query_ms = statistics.median(mine) / len(QUERIES) * 1000
    worst_ms = max(mine) / len(QUERIES) * 1000
    ratio = statistics.median(mine) / statistics.median(base)
    print(f"library: {len(library)} criteria; {len(QUERIES)} queries x {repeat} rounds")
    print(f"baseline substring scan: {statistics.median(base) / len(QUERIES) * 1000:.3f} ms per query (median)")
    print(f"cirkular search:         {per_query_ms:.3f} ms per query (median), {worst_ms:.3f} ms (worst round)")
    print(f"ratio cirkular/baseline: {ratio:.1f}x   target: well under 100 ms per query")


if __name__ == "__main__":
    run()
