"""Timing helpers shared by the benchmarks: every figure is reported next to a floor of the same run.

On a shared machine the load changes from second to second, so a figure and its floor are timed
alternately (`alternate`): figure, floor, figure, floor … — whatever the load does falls on both.
`report` prints each row as figure, floor and ratio, with the load average of the run.
"""

import os
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


def alternate(figure, floor, runs: int, *, warm: int = 2) -> tuple[list[float], list[float]]:
    """Seconds of figure(i) and floor(i), called in turn `runs` times each (after `warm` untimed
    rounds): the two lists see the same machine."""
    for i in range(warm):
        figure(-1 - i), floor(-1 - i)
    fig, flo = [], []
    for i in range(runs):
        begin = time.perf_counter()
        figure(i)
        middle = time.perf_counter()
        floor(i)
        fig.append(middle - begin)
        flo.append(time.perf_counter() - middle)
    return fig, flo


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def p50(values: list[float]) -> float:
    return statistics.median(values)


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on Linux
        return "?"


def report(title: str, rows, *, unit: str = "ms") -> None:
    """Print `rows` of (name, figure seconds, floor seconds[, floor name]) as a table with ratios,
    under `title` and the load average (1 / 5 / 15 min) at the end of the run."""
    scale = {"ms": 1e3, "s": 1.0, "µs": 1e6}[unit]
    print(f"\n== {title} — load average {load_average()} ({os.cpu_count()} cores)")
    print(f"{'benchmark':<64} {'figure':>11} {'floor':>11} {'ratio':>7}")
    for row in rows:
        name, figure, floor = row[:3]
        print(f"{name:<64} {figure * scale:>9.2f}{unit} {floor * scale:>9.2f}{unit} {figure / floor:>7.2f}")
        if len(row) > 3:
            print(f"    floor: {row[3]}")
