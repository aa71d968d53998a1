#!/usr/bin/env python3
"""k-prototypes benchmark: icp (Rust) vs the Python `kmodes` package, and a report.

Normally started by bench/kprototypes.sh, which prepares the venv and the binary:

    python bench/kprototypes.py gen  --rows N --out FILE [--seed S] [--k K]
    python bench/kprototypes.py peer FILE --k K [--n-init N] [--seed S] [--jobs J] [--labels-out F]
    python bench/kprototypes.py run  --icp BIN [--rows 10000] [--big-rows 1000000] [--k 5]
                                     [--n-init 10] [--runs 3] [--out REPORT.md]

`gen` writes mixed data with planted clusters: `num_00`..`num_09` (numbers on very different
scales) and `cat_00`..`cat_09` (integer codes, 3 to 12 levels), no missing values. Both sides
read that same CSV.

`peer` z-scores the numeric columns exactly as icp does (mean and population standard
deviation, numpy's ddof=0), then runs `KPrototypes(n_clusters=K, init='Cao', n_init=N,
gamma=None, random_state=S, n_jobs=J)` and prints JSON: seconds (fit only), cost_, n_iter_,
gamma and cluster sizes. With --labels-out it writes labels_ (one per line) so that icp can
recompute the cost of kmodes' partition with its own code (a check that both sides define
the cost identically).

`run` generates the data (cached in bench-data/), runs icp and kmodes round-robin `--runs`
times on the small file, icp once more on one thread, icp once on the big file (with a
progress bar on stderr), and writes the markdown report.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

N_NUM = 10
N_CAT = 10
# icp's cost may exceed kmodes' by at most this relative amount to count as "equal".
COST_TOLERANCE = 1e-6


# --- data ---------------------------------------------------------------------------------------

def generate(rows, seed, k, path):
    """Planted, strongly overlapping clusters: every cluster has its own numeric centre
    (N(0, 0.6²) per column, noise sd 1, then each column scaled by 10^U(-1, 4) and shifted)
    and, per categorical column, a favourite level drawn with probability 0.3 (otherwise a
    uniform level)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, size=rows)
    centres = rng.normal(0.0, 0.6, size=(k, N_NUM))
    scales = 10.0 ** rng.uniform(-1, 4, size=N_NUM)
    offsets = rng.uniform(-100, 1000, size=N_NUM)
    num = (centres[truth] + rng.normal(0.0, 1.0, size=(rows, N_NUM))) * scales + offsets
    levels = rng.integers(3, 13, size=N_CAT)
    cat = np.empty((rows, N_CAT), dtype=np.int64)
    for j in range(N_CAT):
        fav = rng.integers(0, levels[j], size=k)
        pick = rng.random(rows) < 0.3
        cat[:, j] = np.where(pick, fav[truth], rng.integers(0, levels[j], size=rows))
    tmp = path + ".tmp"
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    header = ",".join([f"num_{j:02d}" for j in range(N_NUM)] + [f"cat_{j:02d}" for j in range(N_CAT)])
    with open(tmp, "w") as f:
        f.write(header + "\n")
        block = 100_000
        for start in range(0, rows, block):
            stop = min(rows, start + block)
            lines = []
            for i in range(start, stop):
                lines.append(",".join([f"{v:.6f}" for v in num[i]] + [str(v) for v in cat[i]]))
            f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def load(path):
    """The prepared matrix as kmodes gets it: z-scored numerics first, then the codes."""
    import numpy as np
    import pandas as pd

    df = pd.read_csv(path)
    num_cols = [c for c in df.columns if not c.startswith("cat_")]
    cat_cols = [c for c in df.columns if c.startswith("cat_")]
    xnum = df[num_cols].to_numpy(dtype=np.float64)
    mean = xnum.mean(axis=0)
    std = xnum.std(axis=0)  # ddof=0, like icp
    std[std == 0] = 1.0
    xnum = (xnum - mean) / std
    x = np.hstack([xnum, df[cat_cols].to_numpy(dtype=np.float64)])
    categorical = list(range(len(num_cols), len(num_cols) + len(cat_cols)))
    return x, categorical


def peer(args):
    import numpy as np
    from kmodes.kprototypes import KPrototypes

    x, categorical = load(args.file)
    model = KPrototypes(n_clusters=args.k, init="Cao", n_init=args.n_init, gamma=None,
                        random_state=args.seed, n_jobs=args.jobs)
    start = time.perf_counter()
    model.fit(x, categorical=categorical)
    seconds = time.perf_counter() - start
    labels = np.asarray(model.labels_, dtype=np.int64)
    if args.labels_out:
        np.savetxt(args.labels_out, labels, fmt="%d")
    print(json.dumps({
        "seconds": seconds,
        "cost": float(model.cost_),
        "iterations": int(model.n_iter_),
        "gamma": float(model.gamma),
        "sizes": np.bincount(labels, minlength=args.k).tolist(),
    }))


# --- running --------------------------------------------------------------------------------------

def run_json(cmd, env=None, stream_stderr=False):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=None if stream_stderr else subprocess.PIPE,
                          text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        err = (proc.stderr or "").strip().splitlines()
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err[-1] if err else ''}")
    return wall, json.loads(proc.stdout.strip().splitlines()[-1])


def version(module):
    try:
        return __import__(module).__version__
    except Exception:
        return "not installed"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}"


def fmt(x, digits=2):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def run(args):
    small = f"bench-data/kproto_{args.rows}x20_seed{args.seed}.csv"
    big = f"bench-data/kproto_{args.big_rows}x20_seed{args.seed}.csv"
    for path, rows in ((small, args.rows), (big, args.big_rows if args.big_rows > 0 else 0)):
        if rows and not os.path.exists(path):
            print(f"generating {path}", file=sys.stderr)
            generate(rows, args.seed, args.k, path)
    labels_path = small + ".kmodes-labels.txt"
    common = ["--k", str(args.k), "--n-init", str(args.n_init), "--seed", str(args.seed)]
    icp_cmd = [args.icp, small, *common]
    peer_cmd = [sys.executable, os.path.abspath(__file__), "peer", small, *common,
                "--jobs", str(args.peer_jobs), "--labels-out", labels_path]

    load_before = os.getloadavg()
    icp_runs, peer_runs = [], []
    for r in range(args.runs):
        wall, out = run_json(icp_cmd)
        icp_runs.append(out)
        print(f"run {r + 1}/{args.runs} icp: fit {out['seconds']:.3f}s, cost {out['cost']:.6f}, "
              f"{out['iterations']} iterations", file=sys.stderr)
        wall, out = run_json(peer_cmd)
        peer_runs.append(out)
        print(f"run {r + 1}/{args.runs} kmodes: fit {out['seconds']:.1f}s, cost {out['cost']:.6f}, "
              f"{out['iterations']} iterations", file=sys.stderr)
    _, icp1 = run_json(icp_cmd, env={**os.environ, "RAYON_NUM_THREADS": "1"})
    print(f"icp on 1 thread: fit {icp1['seconds']:.3f}s", file=sys.stderr)
    # The cost of kmodes' partition recomputed by icp: checks that both define it identically.
    _, check = run_json([*icp_cmd, "--n-init", "1", "--score-labels", labels_path])
    big_out = None
    if args.big_rows > 0:
        print(f"icp on {big} (one run):", file=sys.stderr)
        _, big_out = run_json([args.icp, big, *common, "--progress"], stream_stderr=True)

    load_after = os.getloadavg()
    med = lambda runs, key: statistics.median(o[key] for o in runs)
    icp_s, peer_s = med(icp_runs, "seconds"), med(peer_runs, "seconds")
    icp_cost, peer_cost = icp_runs[-1]["cost"], peer_runs[-1]["cost"]
    speedup = peer_s / icp_s
    rel = (icp_cost - peer_cost) / peer_cost
    cost_ok = rel <= COST_TOLERANCE
    goal = speedup >= 20 and cost_ok

    today = datetime.date.today().isoformat()
    lines = [
        f"# k-prototypes benchmark, {today}",
        "",
        f"- data: `{small}` ({args.rows:,} rows × {N_NUM} numeric + {N_CAT} categorical columns, "
        f"{args.k} planted overlapping clusters, seed {args.seed}; `bench/kprototypes.py gen`)",
        f"- machine: {machine()}, {platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"kmodes {version('kmodes')}, numpy {version('numpy')}",
        f"- both: k = {args.k}, Cao initialisation, n_init = {args.n_init}, max_iter = 100, γ by kmodes' rule "
        f"(0.5 × mean std of the z-scored numeric columns), seed {args.seed}; numeric columns z-scored "
        "(population std) the same way on both sides",
        f"- kmodes: `KPrototypes(n_clusters={args.k}, init='Cao', n_init={args.n_init}, gamma=None, "
        f"random_state={args.seed}, n_jobs={args.peer_jobs})`; icp: `icp_segment::kprototypes::fit` "
        "(rayon, all cores unless noted)",
        f"- times are the fit alone (after the CSV is read and standardised), medians of {args.runs} runs, "
        "round-robin, each in its own process",
        f"- load average (1 min) before / after: {load_before[0]:.2f} / {load_after[0]:.2f} (the 2 cores may be "
        "shared with other work)",
        "",
        "| tool | fit s (median) | final cost | γ | best run's iterations | cluster sizes |",
        "|---|---:|---:|---:|---:|---|",
        f"| kmodes {version('kmodes')} (n_jobs={args.peer_jobs}) | {fmt(peer_s, 2)} | {peer_cost:.6f} | "
        f"{peer_runs[-1]['gamma']:.6f} | {peer_runs[-1]['iterations']} | {peer_runs[-1]['sizes']} |",
        f"| icp (2 threads) | {fmt(icp_s, 4)} | {icp_cost:.6f} | {icp_runs[-1]['gamma']:.6f} | "
        f"{icp_runs[-1]['iterations']} | {icp_runs[-1]['sizes']} |",
        f"| icp (1 thread) | {fmt(icp1['seconds'], 4)} | {icp1['cost']:.6f} | {icp1['gamma']:.6f} | "
        f"{icp1['iterations']} | {icp1['sizes']} |",
        "",
        f"- **speed-up: {speedup:,.0f}×** (kmodes median / icp median; {peer_s / icp1['seconds']:,.0f}× "
        "against icp on one thread)",
        f"- **cost: icp {icp_cost:.6f} vs kmodes {peer_cost:.6f}** (relative difference {rel:+.2e}; "
        f"{'icp lower' if rel < 0 else 'equal within ' + format(COST_TOLERANCE, 'g') if cost_ok else 'icp HIGHER'})",
        f"- check: the cost of kmodes' final partition recomputed by icp (means/modes of its labels, "
        f"icp's γ {check['gamma']:.6f}) is {check['score_labels_cost']:.6f} "
        f"(kmodes reports {peer_cost:.6f}; relative difference "
        f"{(check['score_labels_cost'] - peer_cost) / peer_cost:+.2e})",
        f"- goal (≥ 20× faster with equal or lower cost): **{'met' if goal else 'NOT met'}**",
        f"- icp's costs of its {args.n_init} runs: " + ", ".join(f"{c:.3f}" for c in icp_runs[-1]["run_costs"]),
    ]
    if big_out:
        lines += [
            "",
            f"## {args.big_rows:,} rows (icp only, one run)",
            "",
            f"`{big}`, same generator and settings: fit **{big_out['seconds']:.1f} s** "
            f"(reading and preparing the CSV: {big_out['read_seconds']:.1f} s), cost {big_out['cost']:.3f}, "
            f"best run {big_out['iterations']} iterations, converged {str(big_out['converged']).lower()}, "
            f"cluster sizes {big_out['sizes']}.",
        ]
    lines += ["", "Per-run fit seconds:", "",
              "- kmodes: " + ", ".join(f"{o['seconds']:.2f}" for o in peer_runs),
              "- icp: " + ", ".join(f"{o['seconds']:.4f}" for o in icp_runs)]
    report = "\n".join(lines) + "\n"
    print(report)
    out = args.out or f"bench/results/kprototypes-{today}.md"
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w") as f:
        f.write(report)
    print(f"report written to {out}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--rows", type=int, required=True)
    g.add_argument("--out", required=True)
    g.add_argument("--seed", type=int, default=42)
    g.add_argument("--k", type=int, default=5)
    p = sub.add_parser("peer")
    p.add_argument("file")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--n-init", type=int, default=10)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--labels-out", default="")
    r = sub.add_parser("run")
    r.add_argument("--icp", required=True)
    r.add_argument("--rows", type=int, default=10_000)
    r.add_argument("--big-rows", type=int, default=1_000_000)
    r.add_argument("--k", type=int, default=5)
    r.add_argument("--n-init", type=int, default=10)
    r.add_argument("--seed", type=int, default=42)
    r.add_argument("--runs", type=int, default=3)
    r.add_argument("--peer-jobs", type=int, default=1)
    r.add_argument("--out", default="")
    args = ap.parse_args()
    if args.cmd == "gen":
        generate(args.rows, args.seed, args.k, args.out)
    elif args.cmd == "peer":
        peer(args)
    else:
        run(args)


if __name__ == "__main__":
    main()
