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
  cpu per-load line  one line of CPU-clock delta against padding loads over all filtered runs, read at
                     each setting's loads
Launchers that timed the filter on every CPU in turn (`timing_cpus`) add, all as level medians:
  cpu N only         only CPU N's CPU-clock deltas (before and after the run): what a launcher pinned
                     to that one CPU would have measured, from the same batches
  cpu weighted       the per-CPU deltas weighted by how often the workload's threads were seen
                     runnable on each CPU (`workload_running_by_cpu`)
  during, cpu mean   the pairs taken during the run, the mean of their per-CPU trimmed means
  during, weighted   the same, weighted as `cpu weighted`
y: system, CPU (user + system), user seconds. One slope, an offset per round, least squares, as LineFit.
Printed: slope / counted N, and the half-width of its 95 % interval / N (normal quantile), and the
x's own ns per padding load (its line against the loads over the filtered runs). Last, the
system slope against the CPU-clock level medians by Theil-Sen (the median of the slopes between every
two runs of one round), for comparison.
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


def theil_sen(x, y, rounds):
    slopes = [(y[j] - y[i]) / (x[j] - x[i]) for i in range(len(x)) for j in range(i + 1, len(x))
              if rounds[i] == rounds[j] and x[i] != x[j]]
    return statistics.median(slopes)


def per_load_line(deltas, loads):
    pts = [(l, d) for l, d in zip(loads, deltas) if l > 0]
    ml = sum(p[0] for p in pts) / len(pts)
    md = sum(p[1] for p in pts) / len(pts)
    b = sum((p[0] - ml) * (p[1] - md) for p in pts) / sum((p[0] - ml) ** 2 for p in pts)
    return [md + b * (l - ml) if l > 0 else 0.0 for l in loads]


def ns_per_load(x, loads):
    """Slope of the x given to the filtered runs against their padding loads, in ns per load."""
    pts = [(l, v * 1e9) for l, v in zip(loads, x) if l > 0]
    ml = sum(p[0] for p in pts) / len(pts)
    mv = sum(p[1] for p in pts) / len(pts)
    return sum((p[0] - ml) * (p[1] - mv) for p in pts) / sum((p[0] - ml) ** 2 for p in pts)


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
              "cpu during run": ns("cpu_delta_during_run_ns"),
              "cpu per-load line": per_load_line(ns("cpu_delta_ns"), [sum(l["loads_per_filter"]) for l in launch])}
        by_cpu = [l.get("cpu_delta_by_cpu_ns") for l in launch]
        if any(by_cpu):
            cpus = next(l["timing_cpus"] for l in launch if l.get("cpu_delta_by_cpu_ns"))

            def per_run(values_key, weighted, only=None):
                out = []
                for l in launch:
                    v = l.get(values_key)
                    if not l["loads_per_filter"] or not v:
                        out.append(0.0)
                        continue
                    if only is not None:
                        out.append(v[only] * 1e-9)
                        continue
                    w = l.get("workload_running_by_cpu") if weighted else None
                    if not w or sum(w) == 0:
                        w = [1] * len(v)
                    out.append(sum(a * b for a, b in zip(v, w)) / sum(w) * 1e-9)
                return out

            for i, cpu in enumerate(cpus):
                xs[f"cpu {cpu} only"] = level_median(per_run("cpu_delta_by_cpu_ns", False, i), levels)
            xs["cpu weighted"] = level_median(per_run("cpu_delta_by_cpu_ns", True), levels)
            xs["during, cpu mean"] = level_median(per_run("cpu_delta_during_run_by_cpu_ns", False), levels)
            xs["during, weighted"] = level_median(per_run("cpu_delta_during_run_by_cpu_ns", True), levels)
            shares = [sum(l["workload_running_by_cpu"][i] for l in launch if l.get("workload_running_by_cpu"))
                      for i in range(len(cpus))]
            placement = f"  workload seen runnable per CPU {dict(zip(cpus, shares))}"
        else:
            placement = None
        ys = {"system": [l["system_s"] for l in launch],
              "CPU": [l["user_s"] + l["system_s"] for l in launch],
              "user": [l["user_s"] for l in launch]}
        print(f"{path}: counted N {n:,}, {len(runs)} runs")
        if placement:
            print(placement)
        loads = [sum(l["loads_per_filter"]) for l in launch]
        for xn, x in xs.items():
            if all(v == 0 for v in x):
                continue
            cells = []
            for yn, y in ys.items():
                s, h = blocked_slope(x, y, rounds)
                cells.append(f"{yn} {s / n:.3f} +-{h / n:.3f}")
            cells.append(f"ns/load {ns_per_load(x, loads):.3f}")
            print(f"  x = {xn:18s} " + " | ".join(cells))
        ts = theil_sen(xs["cpu level median"], ys["system"], rounds)
        print(f"  Theil-Sen, x = cpu level median, system {ts / n:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
