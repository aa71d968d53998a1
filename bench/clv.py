#!/usr/bin/env python3
"""Run the CLV benchmark side by side and write a markdown report.

Normally started by bench/clv.sh, which prepares the venv and the binary:

    python bench/clv.py --data DIR [--icp BIN] [--runs N] [--repeat R] [--out REPORT.md] [--note TEXT]

DIR holds lifetimes' CDNOW files: cdnow_customers_summary.csv (ID, frequency, recency, T in
weeks; the BG/NBD data) and cdnow_customers_summary_with_transactions.csv (ID, x, t_x, T, zbar;
the Gamma-Gamma model is fitted on the rows with x > 0, and the predictions are made for all
rows). Each tool runs N times in its own process, round-robin (icp, lifetimes, icp, ...), under
`/usr/bin/time -f '%e %M'` (wall seconds, peak RSS). Inside each process the data is read once
and the fits (BG/NBD, then Gamma-Gamma, then the predictions) are repeated R times; each process
prints the median of its repetitions as JSON. The report gives the medians over the N processes,
the parameters each tool found and whether they agree to 3 significant digits, and how far the
per-customer predictions (P(alive), E[purchases in 39 weeks], 12-month CLV) differ.
"""

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile

LIFETIMES = r"""
import json, statistics, sys, time, warnings
warnings.simplefilter("ignore")
import numpy as np
import pandas as pd
import lifetimes
from lifetimes import BetaGeoFitter, GammaGammaFitter

summary_path, spend_path, repeat, want_values = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
start = time.perf_counter()
d = pd.read_csv(summary_path)
s = pd.read_csv(spend_path)
read_seconds = time.perf_counter() - start
rep = s[s["x"] > 0]
t_bg, t_gg, t_fit, t_pred = [], [], [], []
for _ in range(repeat):
    t0 = time.perf_counter()
    bgf = BetaGeoFitter(penalizer_coef=0.0).fit(d["frequency"], d["recency"], d["T"])
    t1 = time.perf_counter()
    ggf = GammaGammaFitter(penalizer_coef=0.0).fit(rep["x"], rep["zbar"])
    t2 = time.perf_counter()
    alive = bgf.conditional_probability_alive(s["x"].values, s["t_x"].values, s["T"].values)
    e39 = bgf.conditional_expected_number_of_purchases_up_to_time(39, s["x"], s["t_x"], s["T"])
    clv = ggf.customer_lifetime_value(bgf, s["x"], s["t_x"], s["T"], s["zbar"], time=12, discount_rate=0.01, freq="W")
    t3 = time.perf_counter()
    t_bg.append(t1 - t0); t_gg.append(t2 - t1); t_fit.append(t2 - t0); t_pred.append(t3 - t2)

r, alpha, a, b = (float(bgf.params_[k]) for k in ("r", "alpha", "a", "b"))
p, q, v = (float(ggf.params_[k]) for k in ("p", "q", "v"))
# Log-likelihoods in the data's units (lifetimes fits on rescaled time and reports a mean).
w_bg = np.ones(len(d))
ll_bg = -BetaGeoFitter._negative_log_likelihood(
    np.log([r, alpha, a, b]), d["frequency"].values.astype(int), d["recency"].values, d["T"].values, w_bg, 0.0) * len(d)
w_gg = np.ones(len(rep))
ll_gg = -GammaGammaFitter._negative_log_likelihood(
    np.log([p, q, v]), rep["x"].values.astype(float), rep["zbar"].values, w_gg, 0.0) * len(rep)
kernel = None
try:
    from threadpoolctl import threadpool_info
    kernel = "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}" for i in threadpool_info())
except Exception:
    pass
out = {
    "version": lifetimes.__version__, "numpy": np.__version__, "pandas": pd.__version__,
    "scipy": __import__("scipy").__version__, "autograd": __import__("importlib.metadata").metadata.version("autograd"),
    "blas": kernel, "repeat": repeat, "read_seconds": read_seconds,
    "bgnbd": {"r": r, "alpha": alpha, "a": a, "b": b, "log_likelihood": float(ll_bg), "customers": len(d),
              "seconds_median": statistics.median(t_bg), "seconds_min": min(t_bg)},
    "gamma_gamma": {"p": p, "q": q, "v": v, "log_likelihood": float(ll_gg), "customers": len(rep),
                    "seconds_median": statistics.median(t_gg), "seconds_min": min(t_gg)},
    "fit_seconds_median": statistics.median(t_fit), "fit_seconds_min": min(t_fit),
    "predict_seconds_median": statistics.median(t_pred), "predict_customers": len(s),
    "clv_sum": float(np.sum(clv)),
}
if want_values:
    out["values"] = [[float(x), float(y), float(z)] for x, y, z in zip(alive, np.asarray(e39), np.asarray(clv))]
print(json.dumps(out))
"""


def run_timed(cmd, env=None):
    """Runs cmd under /usr/bin/time; returns (wall_s, peak_rss_kb, json_or_None, error_or_None)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tf.name, *cmd],
                              capture_output=True, text=True, env=env)
        timing = tf.read().strip().splitlines()
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return None, None, None, f"exit {proc.returncode}: {err}"
    wall, rss = timing[-1].split()
    try:
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        out = None
    return float(wall), int(rss), out, None


def fmt(x, digits=2):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def ms(x):
    return "n/a" if x is None else f"{x * 1000:,.2f}"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def agree3(x, y):
    """Whether x and y agree to 3 significant digits: within half a unit of the third digit of y."""
    if x is None or y is None or y == 0:
        return False
    unit = 10 ** (math.floor(math.log10(abs(y))) - 2)
    return abs(x - y) <= 0.5 * unit


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="folder with lifetimes' CDNOW summary CSVs")
    ap.add_argument("--icp", default="", help="icp-clv-bench binary; empty to skip icp")
    ap.add_argument("--runs", type=int, default=5, help="processes per tool")
    ap.add_argument("--repeat", type=int, default=10, help="fits per process")
    ap.add_argument("--out", default="")
    ap.add_argument("--note", default="", help="extra line for the report header")
    args = ap.parse_args()

    args.data = os.path.normpath(os.path.abspath(args.data))
    summary = os.path.join(args.data, "cdnow_customers_summary.csv")
    spend = os.path.join(args.data, "cdnow_customers_summary_with_transactions.csv")
    for f in (summary, spend):
        if not os.path.isfile(f):
            sys.exit(f"missing {f}")

    # lifetimes runs with the OpenBLAS overrides of this machine removed (they slow a current
    # numpy down); the kernel it then uses is recorded in the report.
    py_env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    tools = []
    if args.icp:
        tools.append(("icp", [args.icp, "--summary", summary, "--spend", spend, "--repeat", str(args.repeat)], None))
    tools.append(("lifetimes", [sys.executable, "-c", LIFETIMES, summary, spend, str(args.repeat), "0"], py_env))

    results = {name: [] for name, _, _ in tools}
    errors = {name: [] for name, _, _ in tools}
    for r in range(args.runs):
        for name, cmd, env in tools:
            wall, rss, out, err = run_timed(cmd, env)
            if err or out is None:
                err = err or "no JSON on stdout"
                errors[name].append(err)
                print(f"run {r + 1}/{args.runs} {name}: FAILED {err}", file=sys.stderr)
                continue
            results[name].append((wall, rss, out))
            print(f"run {r + 1}/{args.runs} {name}: {wall:.2f}s wall, {rss / 1024:.0f} MB, "
                  f"fit {out['fit_seconds_median'] * 1000:.2f} ms", file=sys.stderr)

    # One more run of each with the per-customer values, to compare the predictions (not timed).
    values = {}
    for name, cmd, env in tools:
        vcmd = cmd + ["--values"] if name == "icp" else cmd[:-2] + ["1", "1"]
        _, _, out, err = run_timed(vcmd, env)
        values[name] = (out or {}).get("values") if not err else None

    summary_of = {}
    for name, _, _ in tools:
        runs = results[name]
        if not runs:
            summary_of[name] = None
            continue
        outs = [o for _, _, o in runs]
        med = lambda key, sub=None: statistics.median(  # noqa: E731
            (o[sub][key] if sub else o[key]) for o in outs)
        summary_of[name] = {
            "wall": statistics.median(w for w, _, _ in runs),
            "rss_mb": statistics.median(m for _, m, _ in runs) / 1024,
            "bg": med("seconds_median", "bgnbd"),
            "gg": med("seconds_median", "gamma_gamma"),
            "fit": med("fit_seconds_median"),
            "fit_min": min(o["fit_seconds_min"] for o in outs),
            "predict": med("predict_seconds_median"),
            "last": outs[-1],
        }

    icp = summary_of.get("icp")
    lt = summary_of.get("lifetimes")
    today = datetime.date.today().isoformat()
    lt_last = lt["last"] if lt else {}
    lines = [
        f"# CLV benchmark (BG/NBD + Gamma-Gamma on CDNOW), {today}",
        "",
        f"- data: `{summary}` (BG/NBD, {lt_last.get('bgnbd', {}).get('customers', 'n/a')} customers, weeks) and "
        f"`{os.path.basename(spend)}` (Gamma-Gamma on the "
        f"{lt_last.get('gamma_gamma', {}).get('customers', 'n/a')} customers with x > 0; predictions for all)",
        f"- machine: {machine()}, {platform.system()} {platform.release()}",
        f"- lifetimes {lt_last.get('version', '?')} with numpy {lt_last.get('numpy', '?')}, pandas "
        f"{lt_last.get('pandas', '?')}, scipy {lt_last.get('scipy', '?')}, autograd {lt_last.get('autograd', '?')}, "
        f"Python {platform.python_version()}; BLAS: {lt_last.get('blas') or 'n/a'} "
        "(OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for it)",
        f"- runs: {args.runs} processes per tool, round-robin; inside each, the data is read once and the fits are "
        f"repeated {args.repeat} times; the table gives medians over processes of the per-process medians",
        "- both tools: maximum likelihood in log-parameter space from ln θ = 0.1, no penalty; lifetimes with "
        "scipy BFGS + autograd gradients and Hessian (standard errors), icp with its own BFGS + analytic gradients "
        "and a finite-difference Hessian of the gradient (standard errors)",
        "- fit = BG/NBD + Gamma-Gamma; predict = P(alive), E[purchases in 39 weeks] and the 12-month CLV "
        "(1 %/month, 4.345 weeks/month) for every customer; wall and peak RSS = the whole process under "
        "`/usr/bin/time` (Python includes start-up and imports)",
    ]
    if args.note:
        lines.append(f"- {args.note}")
    if not args.icp:
        lines.append("- **icp was not measured** (icp-clv-bench did not build); ratios are n/a")
    lines += [
        "",
        "| tool | BG/NBD fit ms | Gamma-Gamma fit ms | fit ms | best fit ms | predict ms | wall s | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _, _ in tools:
        s = summary_of[name]
        if s is None:
            lines.append(f"| {name} | failed: {errors[name][0]} | | | | | | |")
            continue
        label = name if name == "icp" else f"lifetimes {s['last'].get('version', '')}"
        lines.append(f"| {label} | {ms(s['bg'])} | {ms(s['gg'])} | {ms(s['fit'])} | {ms(s['fit_min'])} "
                     f"| {ms(s['predict'])} | {fmt(s['wall'], 3)} | {fmt(s['rss_mb'], 0)} |")
    if icp and lt:
        lines.append(f"| **lifetimes / icp** | **{fmt(ratio(lt['bg'], icp['bg']), 1)}×** "
                     f"| **{fmt(ratio(lt['gg'], icp['gg']), 1)}×** | **{fmt(ratio(lt['fit'], icp['fit']), 1)}×** "
                     f"| {fmt(ratio(lt['fit_min'], icp['fit_min']), 1)}× | {fmt(ratio(lt['predict'], icp['predict']), 1)}× "
                     f"| {fmt(ratio(lt['wall'], icp['wall']), 1)}× | {fmt(ratio(lt['rss_mb'], icp['rss_mb']), 1)}× |")
        goal = ratio(lt["fit"], icp["fit"])
        lines += ["", f"Goal (fit ≥ 20× faster than lifetimes): **{'met' if goal and goal >= 20 else 'NOT met'}** "
                      f"({fmt(goal, 1)}×)."]

    # Parameters.
    ok_all = True
    if icp and lt:
        lines += ["", "| parameter | published | icp | lifetimes | agree to 3 significant digits |",
                  "|---|---:|---:|---:|---|"]
        published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "log_likelihood": -9582.4,
                     "p": 6.25, "q": 3.74, "v": 15.44}
        gg_published_ll = -4055.9177
        rows = [("bgnbd", k) for k in ("r", "alpha", "a", "b", "log_likelihood")] + \
               [("gamma_gamma", k) for k in ("p", "q", "v", "log_likelihood")]
        for model, key in rows:
            x = icp["last"][model][key]
            y = lt["last"][model][key]
            agree = agree3(x, y)
            ok_all &= agree
            pub = published[key] if not (model == "gamma_gamma" and key == "log_likelihood") else gg_published_ll
            if model == "gamma_gamma" and key == "log_likelihood":
                name = "Gamma-Gamma LL"
            elif key == "log_likelihood":
                name = "BG/NBD LL"
            else:
                name = {"alpha": "α", "v": "γ (v)"}.get(key, key)
            lines.append(f"| {name} | {pub} | {x:.6g} | {y:.6g} | {'yes' if agree else '**NO**'} |")
        lines.append("")
        lines.append(f"icp: BG/NBD {icp['last']['bgnbd']['iterations']} iterations, "
                     f"{icp['last']['bgnbd']['evaluations']} evaluations, gradient norm "
                     f"{icp['last']['bgnbd']['gradient_norm']:.1e}; Gamma-Gamma {icp['last']['gamma_gamma']['iterations']} "
                     f"iterations, {icp['last']['gamma_gamma']['evaluations']} evaluations, gradient norm "
                     f"{icp['last']['gamma_gamma']['gradient_norm']:.1e}.")
        if values.get("icp") and values.get("lifetimes"):
            a, b = values["icp"], values["lifetimes"]
            names = ["P(alive)", "E[purchases, 39 weeks]", "CLV 12 months"]
            parts = []
            for j, n in enumerate(names):
                rel = max(abs(u[j] - w[j]) / max(abs(w[j]), 1e-12) for u, w in zip(a, b))
                parts.append(f"{n} {rel:.1e}")
            lines.append(f"Largest relative difference per customer ({len(a)} customers; the fitted parameters differ "
                         f"slightly, so this includes that): " + ", ".join(parts) + ". "
                         f"Sum of CLV: icp {icp['last']['clv_sum']:,.2f}, lifetimes {lt['last']['clv_sum']:,.2f}.")
        if not ok_all:
            lines.append("**The parameters disagree.**")
    for name, errs in errors.items():
        for e in errs:
            lines.append(f"- {name} run failed: {e}")
    lines += ["", "Per-process values (fit ms / predict ms / wall s / peak RSS MB):", ""]
    for name, _, _ in tools:
        per = ", ".join(f"{o['fit_seconds_median'] * 1000:.2f} / {o['predict_seconds_median'] * 1000:.2f} / "
                        f"{w:.2f} / {m / 1024:.0f}" for w, m, o in results[name]) or "none"
        lines.append(f"- {name}: {per}")
    try:
        load = os.getloadavg()
        lines.append(f"- load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    except OSError:
        pass
    report = "\n".join(lines) + "\n"

    print(report)
    if args.out:
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        with open(args.out, "w") as f:
            f.write(report)
        print(f"report written to {args.out}", file=sys.stderr)
    if any(v is None for v in summary_of.values()) or not ok_all:
        sys.exit(1)


if __name__ == "__main__":
    main()
