#!/usr/bin/env python3
"""Refits the runs of one `ringzero check --json` result with each choice of x and y that docs/check.md
compares, so that its figures can be reproduced from the JSON alone.

    ringzero check --json ... > check.json
    python3 docs/check/refit.py check.json [more.json ...]

x (the delta per syscall each run is given):
  cpu level median   median of the runs' CPU-clock deltas per setting (what `ringzero check` uses)
  wall level median  the same with the wall-clock deltas (what it used before)
  cpu per run        each run's own CPU-clock delta (before and after the run)
  cpu during run     each run's CPU-clock pairs taken while the workload ran
y: system, CPU (user + system), user seconds. One slope, an offset per round, least squares, as LineFit.
Printed: slope / counted N, and the half-width of its 95 % interval / N (normal quantile).
"""
import json
import statistics
import sys


def blocked_slope(x, y, rounds):
    groups = {}
    for xi, yi, b in zip(x, y, rounds):
        groups.setdefault(b, []).append((xi, yi))
    means = {b: (sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v)) for b, v in groups.items()}
    cx = [xi - means[b][0] for xi, b in zip(x, rounds)]
    cy = [yi - means[b][1] for yi, b in zip(y, rounds)]
    sxx = sum(c * c for c in cx)
    slope = sum(a * c for a, c in zip(cx, cy)) / sxx
    df = len(x) - len(groups) - 1
    sse = sum((c - slope * a) ** 2 for a, c in zip(cx, cy))
    return slope, 1.96 * (sse / df / sxx) ** 0.5


def level_median(values, levels):
    by = {}
    for v, l in zip(values, levels):
        by.setdefault(l, []).append(v)
    return [statistics.median(by[l]) for l in levels]


def main(paths):
    for path in paths:
        r = json.load(open(path))
        n = r["n_counted"]
        runs = r["runs"]
        launch = [x["launch"] for x in runs]
        levels = [x["level"] for x in runs]
        rounds = [x["round"] for x in runs]

        def ns(key):
            return [(l.get(key) or 0.0) * 1e-9 if l["loads_per_filter"] else 0.0 for l in launch]

        xs = {"cpu level median": level_median(ns("cpu_delta_ns"), levels),
              "wall level median": level_median(ns("delta_ns"), levels),
              "cpu per run": ns("cpu_delta_ns"),
              "cpu during run": ns("cpu_delta_during_run_ns")}
        ys = {"system": [l["system_s"] for l in launch],
              "CPU": [l["user_s"] + l["system_s"] for l in launch],
              "user": [l["user_s"] for l in launch]}
        print(f"{path}: counted N {n:,}, {len(runs)} runs")
        for xn, x in xs.items():
            if all(v == 0 for v in x):
                continue
            cells = []
            for yn, y in ys.items():
                s, h = blocked_slope(x, y, rounds)
                cells.append(f"{yn} {s / n:.3f} +-{h / n:.3f}")
            print(f"  x = {xn:18s} " + " | ".join(cells))


if __name__ == "__main__":
    main(sys.argv[1:])
