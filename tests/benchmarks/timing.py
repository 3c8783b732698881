"""Timing helpers shared by the benchmarks: every figure is reported next to a floor of the same run."""

import statistics
import time


def timings(fn, runs: int) -> list[float]:
    """Seconds taken by each of `runs` calls of fn(i)."""
    out = []
    for i in range(runs):
        begin = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - begin)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]
