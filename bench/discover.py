#!/usr/bin/env python3
"""Run the discovery benchmark side by side and write a markdown report.

Normally started by bench/discover.sh, which prepares the venv, the binaries and the data:

    python bench/discover.py --file F --work DIR [--icp BIN] [--load-bench BIN] [--runs N]
                             [--out REPORT.md] [--peer-timeout S] [--peer-jobs N]
                             [--planted a,b,c] [--id id] [--target won] [--note TEXT]

1. `icp init F --golden won -o DIR/icp.toml --force -q` once (not timed);
2. reads F once to warm the page cache;
3. N rounds, round-robin, each tool in its own process under `/usr/bin/time -f '%e %M'`:
   - icp: `icp discover -p DIR/icp.toml -o DIR/profile.toml -q`;
   - icp's reader alone: `icp-load-bench F` (to estimate the part of icp after the CSV is read);
   - the peer: pandas `read_csv`, optbinning `BinningProcess(variable_names, categorical_variables,
     selection_criteria={"iv": {"min": 0.02}})` fit + transform to WoE, scikit-learn
     `LogisticRegression().fit` on the WoE columns; it times itself from just before `read_csv`
     (after interpreter start-up and imports) and prints JSON. A run longer than
     --peer-timeout seconds is killed and reported as capped;
4. one more, untimed, `icp discover --json` for icp's information values and key attributes;
5. the report: medians, ratios to icp, the attributes each side kept and whether they include
   the planted drivers.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

# The six drivers `icp-gen attributes` plants (icp_synth::wide::attributes::ATTRIBUTES).
PLANTED = [
    "industry",
    "employees",
    "country",
    "website_visits_30d",
    "uses_sso",
    "days_since_last_activity",
]

PEER = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
import pandas as pd
from optbinning import BinningProcess
from sklearn.linear_model import LogisticRegression
imported = time.perf_counter() - t0
path, id_col, target, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

start = time.perf_counter()
df = pd.read_csv(path)
read = time.perf_counter()
y = df[target].astype(bool).to_numpy(dtype=np.int8)
# Column kinds from pandas' dtypes: numbers stay numeric; booleans (true/false, with or without
# empty cells) become 0/1 floats; everything else is categorical.
names, categorical, booleans = [], [], []
for c in df.columns:
    if c in (id_col, target):
        continue
    s = df[c]
    if pd.api.types.is_bool_dtype(s):
        df[c] = s.astype(np.float64)
        booleans.append(c)
    elif pd.api.types.is_numeric_dtype(s):
        pass
    elif set(s.dropna().unique()) <= {True, False}:
        df[c] = s.map({True: 1.0, False: 0.0}).astype(np.float64)
        booleans.append(c)
    else:
        categorical.append(c)
    names.append(c)
bp = BinningProcess(variable_names=names, categorical_variables=categorical,
                    selection_criteria={"iv": {"min": 0.02}},
                    n_jobs=jobs if jobs > 1 else None)
woe = bp.fit_transform(df[names], y, metric="woe")
binned = time.perf_counter()
model = LogisticRegression()
model.fit(woe, y)
end = time.perf_counter()

summary = bp.summary()
support = set(bp.get_support(names=True))
print(json.dumps({
    "seconds": end - start,
    "after_read": end - read,
    "read": read - start,
    "binning": binned - read,
    "logistic": end - binned,
    "import": imported,
    "rows": int(len(df)),
    "attributes": len(names),
    "categorical": categorical,
    "boolean": booleans,
    "selected": [n for n in names if n in support],
    "model_columns": [str(c) for c in woe.columns],
    "iv": {str(r["name"]): float(r["iv"]) for _, r in summary.iterrows()},
    "lr_iterations": int(np.max(model.n_iter_)),
}))
"""


def run_timed(cmd, timeout=None):
    """Runs cmd under /usr/bin/time (and `timeout` when given).

    Returns (wall_s, peak_rss_kb, stdout, error_or_None, capped)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        inner = list(cmd)
        if timeout:
            inner = ["timeout", "--kill-after=10", str(timeout), *inner]
        proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tf.name, *inner],
                              capture_output=True, text=True)
        timing = tf.read().strip().splitlines()
    wall, rss = (float(timing[-1].split()[0]), int(timing[-1].split()[1])) if timing else (None, None)
    if timeout and proc.returncode in (124, 137):
        return wall, rss, proc.stdout, None, True
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return wall, rss, proc.stdout, f"exit {proc.returncode}: {err}", False
    return wall, rss, proc.stdout, None, False


def last_json(text):
    try:
        return json.loads(text.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def fmt(x, digits=2):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


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


def names_list(names, planted):
    return ", ".join(f"**{n}**" if n in planted else n for n in names) or "none"


def planted_check(kept, planted):
    if not planted:
        return "n/a (planted drivers unknown)"
    missing = [p for p in planted if p not in kept]
    extra = [k for k in kept if k not in planted]
    verdict = "all planted drivers" if not missing else f"**misses {', '.join(missing)}**"
    verdict += "; no others" if not extra else f"; also {', '.join(extra)}"
    return verdict


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--work", required=True, help="folder for icp.toml and profile.toml")
    ap.add_argument("--icp", default="", help="icp binary; empty to skip icp")
    ap.add_argument("--load-bench", default="", help="icp-load-bench binary (reader alone)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="")
    ap.add_argument("--peer-timeout", type=int, default=900)
    ap.add_argument("--peer-jobs", type=int, default=1)
    ap.add_argument("--planted", default=",".join(PLANTED),
                    help="comma-separated planted drivers; empty when unknown")
    ap.add_argument("--id", default="id")
    ap.add_argument("--target", default="won")
    ap.add_argument("--note", default="", help="extra line for the report header")
    args = ap.parse_args()

    with open(args.file, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    attributes = [c for c in header if c not in (args.id, args.target)]
    planted = [p for p in args.planted.split(",") if p and p in attributes]
    os.makedirs(args.work, exist_ok=True)
    # The project file lives in the work folder, the data beside the generator's output.
    os.environ["ICP_ALLOW_OUTSIDE"] = "1"
    project = os.path.join(args.work, "icp.toml")
    profile = os.path.join(args.work, "profile.toml")

    if args.icp:
        print(f"icp init {args.file} --golden {args.target} -o {project}", file=sys.stderr)
        subprocess.run([args.icp, "init", args.file, "--golden", args.target, "-o", project,
                        "--force", "-q"], check=True, stdout=subprocess.DEVNULL)

    peer_name = f"optbinning {version('optbinning')} + scikit-learn {version('sklearn')}"
    tools = []
    if args.icp:
        tools.append(("icp", [args.icp, "discover", "-p", project, "-o", profile, "-q"], None))
    if args.icp and args.load_bench:
        tools.append(("icp reader", [args.load_bench, args.file], None))
    tools.append((peer_name, [sys.executable, "-c", PEER, args.file, args.id, args.target,
                              str(args.peer_jobs)], args.peer_timeout))

    size = os.path.getsize(args.file)
    load_before = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"warming the page cache with {args.file} ({size / 1e6:.0f} MB)", file=sys.stderr)
    warm(args.file)

    results = {name: [] for name, _, _ in tools}
    errors = {name: [] for name, _, _ in tools}
    capped = {name: 0 for name, _, _ in tools}
    for r in range(args.runs):
        for name, cmd, timeout in tools:
            wall, rss, stdout, err, cap = run_timed(cmd, timeout)
            if err:
                errors[name].append(err)
                print(f"run {r + 1}/{args.runs} {name}: FAILED {err}", file=sys.stderr)
                continue
            out = {} if name == "icp" else (last_json(stdout) or {})
            if cap:
                capped[name] += 1
                out = {"capped": True}
            results[name].append((wall, rss, out))
            brief = {k: v for k, v in out.items()
                     if k in ("seconds", "after_read", "read", "binning", "logistic", "capped")}
            print(f"run {r + 1}/{args.runs} {name}: {wall:.2f}s wall, {rss / 1024:.0f} MB peak RSS"
                  f"{', ' + json.dumps(brief) if brief else ''}", file=sys.stderr)

    icp_json = None
    if args.icp:
        proc = subprocess.run([args.icp, "discover", "-p", project, "-o", profile, "--json", "-q"],
                              capture_output=True, text=True)
        if proc.returncode == 0:
            icp_json = json.loads(proc.stdout)
        else:
            errors["icp"].append("the --json run failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1])

    # --- summary -------------------------------------------------------------------------------
    def runs(name):
        return results.get(name, [])

    icp = None
    if runs("icp"):
        icp_wall = med(w for w, _, _ in runs("icp"))
        reader = med(o.get("seconds") for _, _, o in runs("icp reader"))
        icp = {
            "wall": icp_wall,
            "total": icp_wall,
            "after_read": None if reader is None else icp_wall - reader,
            "rss": med(m for _, m, _ in runs("icp")) / 1024,
        }
    peer = None
    peer_runs = runs(peer_name)
    if peer_runs:
        done = [o for _, _, o in peer_runs if not o.get("capped")]
        peer = {
            "wall": med(w for w, _, _ in peer_runs),
            "total": med(o.get("seconds") for o in done),
            "after_read": med(o.get("after_read") for o in done),
            "read": med(o.get("read") for o in done),
            "binning": med(o.get("binning") for o in done),
            "logistic": med(o.get("logistic") for o in done),
            "import": med(o.get("import") for o in done),
            "rss": med(m for _, m, _ in peer_runs) / 1024,
            "last": done[-1] if done else {},
        }

    today = datetime.date.today().isoformat()
    lines = [
        f"# Discovery benchmark, {today}",
        "",
        f"- file: `{args.file}`, {size / 1e6:.0f} MB, {len(attributes)} attributes, target "
        f"`{args.target}`" + (f" ({peer['last'].get('rows'):,} rows)" if peer and peer["last"] else ""),
        f"- machine: {machine()}, {platform.system()} {platform.release()}",
        f"- runs: {args.runs} per tool, round-robin, warm page cache; medians below; load average "
        f"before the runs {load_before} (the cores are shared: look at the per-run values too)",
        f"- icp: `icp discover -p {project} -o {profile} -q` (after an untimed `icp init --golden "
        f"{args.target}`); total = wall of the whole process; after read = total minus the median "
        "load time of `icp-load-bench` (icp's reader alone, separate process), an estimate",
        f"- peer: Python {platform.python_version()}, pandas {version('pandas')}, numpy "
        f"{version('numpy')}; `pd.read_csv` + `BinningProcess(variable_names, categorical_variables, "
        "selection_criteria={'iv': {'min': 0.02}}"
        + (f", n_jobs={args.peer_jobs}" if args.peer_jobs > 1 else "")
        + ").fit_transform(X, y, metric='woe')` + `LogisticRegression().fit`; total = from "
        "`read_csv` to the fitted model, timed inside the process (no interpreter start-up or "
        "imports); process wall includes them",
        "- peak RSS from `/usr/bin/time` around each whole process",
    ]
    if args.note:
        lines.append(f"- {args.note}")
    if capped.get(peer_name):
        lines.append(f"- **optbinning was capped**: {capped[peer_name]} of {len(peer_runs)} runs were "
                     f"killed after {args.peer_timeout} s; its times are lower bounds")
    if icp:
        goal = "met" if icp["wall"] <= 2.0 else "**not met**"
        lines.append(f"- goal (icp discover ≤ 2 s at this size on this machine): {goal}, "
                     f"median {icp['wall']:.2f} s")
    lines += [
        "",
        "| tool | total s | after read s | process wall s | peak RSS MB | total / icp | after read / icp | RSS / icp |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    if icp:
        lines.append(f"| icp discover | {fmt(icp['total'])} | {fmt(icp['after_read'])} | {fmt(icp['wall'])} "
                     f"| {fmt(icp['rss'], 0)} | 1.00 | 1.00 | 1.00 |")
    elif args.icp:
        lines.append(f"| icp discover | failed: {(errors['icp'] or ['?'])[0]} | | | | | | |")
    if peer:
        total = peer["total"] if peer["total"] is not None else peer["wall"]
        mark = "≥ " if capped.get(peer_name) else ""
        lines.append(
            f"| {peer_name} | {mark}{fmt(total)} | {mark}{fmt(peer['after_read'])} | {mark}{fmt(peer['wall'])} "
            f"| {fmt(peer['rss'], 0)} | {mark}{fmt(ratio(total, icp and icp['total']))} "
            f"| {mark}{fmt(ratio(peer['after_read'], icp and icp['after_read']))} "
            f"| {fmt(ratio(peer['rss'], icp and icp['rss']))} |")
    else:
        lines.append(f"| {peer_name} | failed: {(errors[peer_name] or ['?'])[0]} | | | | | | |")
    lines.append("")
    if icp and runs("icp reader"):
        rd = med(o.get("seconds") for _, _, o in runs("icp reader"))
        lines.append(f"icp's reader alone (`icp-load-bench`): {fmt(rd)} s load, "
                     f"{fmt(med(w for w, _, _ in runs('icp reader')))} s wall, "
                     f"{fmt(med(m for _, m, _ in runs('icp reader')) / 1024, 0)} MB peak RSS.")
    if peer and peer["total"] is not None:
        lines.append(f"Peer breakdown: `read_csv` {fmt(peer['read'])} s, BinningProcess fit + WoE "
                     f"transform {fmt(peer['binning'])} s, LogisticRegression fit {fmt(peer['logistic'])} s "
                     f"({peer['last'].get('lr_iterations', '?')} iterations); interpreter start-up and "
                     f"imports ≈ {fmt(peer['wall'] - peer['total'])} s (imports alone {fmt(peer['import'])} s).")

    # --- attributes ----------------------------------------------------------------------------
    icp_key = list(icp_json.get("key_attributes", [])) if icp_json else []
    icp_iv = {}
    if icp_json:
        for a in icp_json.get("attributes", []):
            icp_iv.setdefault(a.get("column") or a["name"], a["iv"])
    last = peer["last"] if peer else {}
    peer_sel = list(last.get("selected", []))
    peer_iv = dict(last.get("iv", {}))
    icp_iv02 = [a for a in attributes if icp_iv.get(a, 0.0) >= 0.02]
    lines += ["", "## Attributes kept", ""]
    if planted:
        lines.append(f"Planted drivers ({len(planted)}): {', '.join(planted)}; the other "
                     f"{len(attributes) - len(planted)} attributes are independent noise. Planted names "
                     "are in bold in the lists below.")
        lines.append("")
    if icp_json:
        auc = icp_json.get("selection_cv_auc")
        lines.append(f"- icp key attributes ({len(icp_key)}{', cross-validated AUC ' + format(auc, '.3f') if auc else ''}): "
                     f"{names_list(icp_key, planted)} — {planted_check(icp_key, planted)}")
        lines.append(f"- icp attributes with IV ≥ 0.02 ({len(icp_iv02)}): {names_list(icp_iv02, planted)} "
                     f"— {planted_check(icp_iv02, planted)}")
    if last:
        lines.append(f"- optbinning selected, IV ≥ 0.02 ({len(peer_sel)}; all enter the logistic model): "
                     f"{names_list(peer_sel, planted)} — {planted_check(peer_sel, planted)}")
        lines.append(f"- the peer read as categorical: {', '.join(last.get('categorical', [])) or 'none'}; "
                     f"as boolean (0/1): {', '.join(last.get('boolean', [])) or 'none'}")
    if icp_iv or peer_iv:
        order = sorted(attributes, key=lambda a: -max(icp_iv.get(a, 0.0), peer_iv.get(a, 0.0)))
        shown = [a for a in order if a in planted or a in icp_key or a in peer_sel][:12]
        shown += [a for a in order if a not in shown][:max(0, 10 - len(shown))]
        noise_icp = max((icp_iv.get(a, 0.0) for a in attributes if a not in planted), default=0.0)
        noise_peer = max((peer_iv.get(a, 0.0) for a in attributes if a not in planted), default=0.0)
        lines += ["", "| attribute | planted | icp IV | icp key | optbinning IV | optbinning selected |",
                  "|---|:-:|---:|:-:|---:|:-:|"]
        for a in shown:
            lines.append(f"| {a} | {'yes' if a in planted else ''} | {fmt(icp_iv.get(a), 3)} "
                         f"| {'yes' if a in icp_key else ''} | {fmt(peer_iv.get(a), 3)} "
                         f"| {'yes' if a in peer_sel else ''} |")
        if planted:
            lines += ["", f"Largest IV of a noise attribute: icp {noise_icp:.4f}, optbinning {noise_peer:.4f}."]

    for name, errs in errors.items():
        for e in errs:
            lines.append(f"- {name} run failed: {e}")
    lines += ["", "Per-run values (wall s / peak RSS MB; the peer's in-process total in brackets):", ""]
    for name, _, _ in tools:
        per = ", ".join(
            f"{w:.2f} / {m / 1024:.0f}"
            + (" [capped]" if o.get("capped") else (f" [{o['seconds']:.2f}]" if "seconds" in o and name == peer_name else ""))
            for w, m, o in results[name]) or "none"
        lines.append(f"- {name}: {per}")
    report = "\n".join(lines) + "\n"

    print(report)
    if args.out:
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        with open(args.out, "w") as f:
            f.write(report)
        print(f"report written to {args.out}", file=sys.stderr)
    if (args.icp and icp is None) or peer is None:
        sys.exit(1)


if __name__ == "__main__":
    main()
