"""Monte Carlo over the weights: 100 tenders × 30 criteria × 100,000 Dirichlet draws, vectorised,
against a plain-Python loop over the same draws measured in the same run.

The plain loop is what one would write without numpy: for each draw, each tender's weighted
sum, keep the best. It is timed on the first 2,000 draws (the same draws: same seed, same
stream) and scaled per draw to 100,000; running it in full would take minutes and tell nothing
more. The vectorised run is timed twice: drawing plus scoring (what ``monte_carlo`` does), and
scoring alone on pre-drawn weights, which is the like-for-like comparison with the loop.
"""

from __future__ import annotations

import time

import numpy as np

from cirkular.core.evaluation.sensitivity import dirichlet, weighted_wins

TENDERS = 100
CRITERIA = 30
DRAWS = 100_000
LOOP_DRAWS = 2_000
CONCENTRATION = 50.0
SEED = 20_250_101
CHUNK = 10_000


def plain_loop(scores: list[list[float]], weight_rows: list[list[float]]) -> list[int]:
    wins = [0] * len(scores)
    for weights in weight_rows:
        best, best_total = 0, float("-inf")
        for t, row in enumerate(scores):
            total = 0.0
            for w, s in zip(weights, row, strict=True):
                total += w * s
            if total > best_total:
                best, best_total = t, total
        wins[best] += 1
    return wins


def run() -> None:
    setup = np.random.default_rng(7)
    scores = setup.uniform(0.0, 1.0, size=(TENDERS, CRITERIA))
    weights = setup.uniform(1.0, 10.0, size=CRITERIA)
    alpha = CONCENTRATION * weights / weights.sum()

    start = time.perf_counter()
    wins = weighted_wins(scores, weights, CONCENTRATION, DRAWS, np.random.default_rng(SEED), chunk=CHUNK)
    vector_total = time.perf_counter() - start

    # the same draws, drawn up front, to time the scoring alone
    rng = np.random.default_rng(SEED)
    drawn = np.concatenate([dirichlet(rng, alpha, CHUNK) for _ in range(DRAWS // CHUNK)])
    start = time.perf_counter()
    scored = np.zeros(TENDERS, dtype=np.int64)
    for lo in range(0, DRAWS, CHUNK):
        scored += np.bincount(np.argmax(drawn[lo : lo + CHUNK] @ scores.T, axis=1), minlength=TENDERS)
    vector_scoring = time.perf_counter() - start
    assert (scored == wins).all(), "pre-drawn and streamed draws disagree"

    subset = drawn[:LOOP_DRAWS]
    score_rows = scores.tolist()
    start = time.perf_counter()
    loop_wins = plain_loop(score_rows, subset.tolist())
    loop_time = time.perf_counter() - start
    check = np.bincount(np.argmax(subset @ scores.T, axis=1), minlength=TENDERS)
    assert loop_wins == check.tolist(), "plain loop and vectorised disagree on the same draws"

    loop_per_draw = loop_time / LOOP_DRAWS
    loop_scaled = loop_per_draw * DRAWS
    peak_mb = CHUNK * max(TENDERS, CRITERIA) * 8 * 3 / 1e6
    print(f"{TENDERS} tenders x {CRITERIA} criteria x {DRAWS:,} Dirichlet draws (concentration {CONCENTRATION:g})")
    print(f"vectorised, drawing + scoring: {vector_total:.3f} s ({vector_total / DRAWS * 1e6:.2f} us per draw)")
    print(f"vectorised, scoring only:      {vector_scoring:.3f} s ({vector_scoring / DRAWS * 1e6:.2f} us per draw)")
    print(
        f"plain Python loop: {loop_time:.3f} s for the first {LOOP_DRAWS:,} of the same draws, "
        f"{loop_per_draw * 1e6:.1f} us per draw, scaled to {DRAWS:,} draws: {loop_scaled:.1f} s"
    )
    print(f"chunks of {CHUNK:,} draws, about {peak_mb:.0f} MB of arrays per chunk")
    print(
        f"ratio loop/vectorised: {loop_scaled / vector_total:.0f}x (drawing + scoring), "
        f"{loop_scaled / vector_scoring:.0f}x (scoring only)   target: at least 50x"
    )
    leader = int(np.argmax(wins))
    print(f"most frequent winner: tender {leader} with P(win) {wins[leader] / DRAWS:.3f}")


if __name__ == "__main__":
    run()
