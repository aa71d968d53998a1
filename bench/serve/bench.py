#!/usr/bin/env python3
"""`icp serve` benchmark: single-lead scoring under load beside a FastAPI + uvicorn service
running the same scorecard, and a 1 M-lead batch over HTTP beside `icp score` on the file.

Normally started by bench/serve/serve.sh, which prepares the venv, wrk and the binary:

    python bench/serve/bench.py --icp BIN [--rows N] [--seconds S] [--runs N] [--out FILE]

1. Writes the scoring benchmark's 10-attribute profile (bench/score.py: 3 categorical,
   4 number, an age, a tag, a boolean) to bench-data/serve/profile.toml and generates
   bench-data/serve/leads_<ROWS>.csv (seeded; cached) and 1,000 of its leads as JSON bodies.
2. Starts `icp serve` on loopback (a fresh SQLite database, a project with the profile, a
   `score` key) and the FastAPI app under uvicorn (2 workers: the machine's cores).
3. Checks that 300 leads get the same score and tier from both.
4. Load: `wrk -t2 -c64 -d<S>s --latency -s bench/serve/post.lua URL` against each, icp
   first; requests/s, p50, p99 and the servers' RSS before and after.
5. Batch: `icp score FILE -p profile.toml -o OUT.csv -q` against `curl --data-binary @FILE
   URL/score/batch -o OUT.csv`, on the server above (every lead kept in the history) and on
   a second one started with `--no-batch-history`, `--runs` times each, round-robin; the
   outputs must be equal byte for byte; medians and their ratios.
"""

import argparse
import datetime
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from score import PROFILE, machine  # noqa: E402  (the scoring benchmark's profile)

DATA = "bench-data/serve"
COLUMNS = ["id", "industry", "employees", "annual_revenue", "country", "plan", "founded_year",
           "created_date", "uses_tags", "website_visits", "is_customer"]


def generate(rows, path):
    """Leads with every bin and some missing values; seeded, so runs compare."""
    if os.path.exists(path) and os.path.getsize(path) > 0:
        return
    rng = random.Random(42)
    industries = ["Software", "Fintech", "Healthcare", "Manufacturing", "Logistics", "Retail",
                  "Education", "Media"]
    countries = ["United States", "United Kingdom", "Germany", "France", "Netherlands",
                 "Canada", "Australia", "Japan", "Brazil"]
    plans = ["enterprise", "pro", "starter", "free"]
    tags = ["analytics", "crm", "billing", "support", "api"]
    start = datetime.date(2010, 1, 1)

    def maybe(value, p=0.05):
        return "" if rng.random() < p else value

    with open(path + ".tmp", "w") as f:
        f.write(",".join(COLUMNS) + "\n")
        for i in range(rows):
            created = start + datetime.timedelta(days=rng.randrange(0, 5800))
            row = [
                f"ACC-{i:07d}",
                maybe(rng.choice(industries)),
                maybe(str(int(rng.lognormvariate(4, 1.5)))),
                maybe(str(int(rng.lognormvariate(14, 2)))),
                maybe(rng.choice(countries)),
                maybe(rng.choice(plans)),
                maybe(str(rng.randrange(1950, 2025))),
                maybe(created.isoformat()),
                maybe(";".join(rng.sample(tags, rng.randrange(0, 4)))),
                maybe(str(int(rng.expovariate(1 / 30)))),
                maybe(rng.choice(["true", "false"])),
            ]
            f.write(",".join(row) + "\n")
    os.replace(path + ".tmp", path)


def bodies(csv_path, n, path):
    """The first `n` leads as JSON objects (text values, as a form handler sends them)."""
    with open(csv_path) as f, open(path, "w") as out:
        header = f.readline().rstrip("\n").split(",")
        for _ in range(n):
            cells = f.readline().rstrip("\n").split(",")
            lead = {k: v for k, v in zip(header, cells) if v != ""}
            out.write(json.dumps(lead) + "\n")


def http(method, url, token=None, body=None, content_type="application/json"):
    request = urllib.request.Request(url, data=body, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def wait_for(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{url} did not answer in {seconds} s")


def rss_mb(pid):
    """Resident memory of `pid` and its children, in MB."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
        pids += [int(p) for p in children.stdout.split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def wrk(url, token, bodies_path, seconds):
    env = dict(os.environ, ICP_BENCH_TOKEN=token, ICP_BENCH_BODIES=bodies_path)
    cmd = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", "-s",
           os.path.join(HERE, "post.lua"), url]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    unit = {"us": 1e-3, "ms": 1.0, "s": 1e3}

    def latency(pct):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(m.group(1)) * unit[m.group(2)]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50_ms": latency(50), "p99_ms": latency(99),
            "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(0) if errors else "", "command": " ".join(cmd),
            "raw": out}


def start_icp(icp, db, port, rows, profile_path, servers, extra=()):
    """`icp serve` on a fresh database with a project, the profile and a score key."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    keys = [icp, "serve", "--db", db, "-q", "keys", "create", "--scope"]
    admin = subprocess.run(keys + ["admin"], capture_output=True, text=True, check=True).stdout.strip()
    token = subprocess.run(keys + ["score"], capture_output=True, text=True, check=True).stdout.strip()
    # One key drives all the load, so the per-key rate limit is off (`--rate-limit 0`); `-q`
    # logs warnings only (no line per request), as uvicorn runs without its access log.
    proc = subprocess.Popen([icp, "serve", "--db", db, "--addr", f"127.0.0.1:{port}", "-q",
                             "--rate-limit", "0",
                             "--max-batch-rows", str(rows * 2), *extra], stdout=subprocess.DEVNULL)
    servers.append(proc)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/v1/openapi.json")
    project = http("POST", f"{base}/v1/projects", admin, b'{"name": "bench"}')["id"]
    with open(profile_path, "rb") as f:
        http("POST", f"{base}/v1/projects/{project}/profiles", admin, f.read(), "text/plain")
    return proc, base, project, token


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--icp", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="")
    args = ap.parse_args()

    os.makedirs(DATA, exist_ok=True)
    profile_path = f"{DATA}/profile.toml"
    with open(profile_path, "w") as f:
        f.write(PROFILE)
    leads = f"{DATA}/leads_{args.rows}.csv"
    print(f"generating {leads}", file=sys.stderr)
    generate(args.rows, leads)
    bodies_path = f"{DATA}/bodies.jsonl"
    bodies(leads, 1000, bodies_path)

    servers = []
    try:
        icp, icp_base, project, token = start_icp(args.icp, f"{DATA}/icp.db", 18181, args.rows,
                                                  profile_path, servers)
        _, bare_base, bare_project, bare_token = start_icp(
            args.icp, f"{DATA}/icp_bare.db", 18183, args.rows, profile_path, servers,
            ["--no-batch-history"])
        fastapi = subprocess.Popen(
            [os.path.abspath(args.python), "-m", "uvicorn", "fastapi_app:app", "--port", "18182",
             "--workers", "2", "--log-level", "warning", "--no-access-log"],
            cwd=HERE, env=dict(os.environ, ICP_BENCH_PROFILE=os.path.abspath(profile_path),
                               ICP_BENCH_TOKEN=token))
        servers.append(fastapi)
        py_base = "http://127.0.0.1:18182"
        wait_for(f"{py_base}/docs")
        path = f"/v1/projects/{project}/score"

        # The same answers, before any timing.
        with open(bodies_path) as f:
            sample = [line.encode() for line in f][:300]
        for body in sample:
            a, b = http("POST", icp_base + path, token, body), http("POST", py_base + path, token, body)
            if (a["score"], a["tier"]) != (b["score"], b["tier"]):
                sys.exit(f"icp and FastAPI disagree on {body.decode()}: {a} vs {b}")
        print(f"{len(sample)} leads: icp and FastAPI give the same score and tier", file=sys.stderr)

        load = {}
        for name, proc, base in [("icp serve", icp, icp_base), ("FastAPI + uvicorn", fastapi, py_base)]:
            before = rss_mb(proc.pid)
            print(f"wrk on {name} for {args.seconds} s", file=sys.stderr)
            result = wrk(base + path, token, os.path.abspath(bodies_path), args.seconds)
            result.update(rss_before_mb=before, rss_after_mb=rss_mb(proc.pid))
            load[name] = result
            print(result["raw"], file=sys.stderr)

        # Batch: the CLI on the file, and the same file through the API.
        cli_out, api_out = f"{DATA}/cli_out.csv", f"{DATA}/api_out.csv"
        cli_cmd = [args.icp, "score", leads, "-p", profile_path, "-o", cli_out, "-q"]
        def api_cmd(base, project, token, out):
            return ["curl", "-sS", "--fail-with-body", "-H", f"Authorization: Bearer {token}",
                    "-H", "Content-Type: text/csv", "--data-binary", f"@{leads}",
                    "-o", out, f"{base}/v1/projects/{project}/score/batch"]

        bare_out = f"{DATA}/api_bare_out.csv"
        sides = {
            "cli": (cli_cmd, cli_out),
            "api": (api_cmd(icp_base, project, token, api_out), api_out),
            "api_bare": (api_cmd(bare_base, bare_project, bare_token, bare_out), bare_out),
        }
        with open(leads, "rb") as f:
            while f.read(1 << 24):
                pass
        times = {side: [] for side in sides}
        for r in range(args.runs):
            for side, (cmd, _) in sides.items():
                times[side].append(timed(cmd))
            print(f"batch run {r + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()),
                  file=sys.stderr)
            want = open(cli_out, "rb").read()
            for side, (_, out) in sides.items():
                if open(out, "rb").read() != want:
                    sys.exit(f"the batch's output ({side}) differs from icp score's")
        rss_icp_end = rss_mb(icp.pid)
    finally:
        for proc in servers:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)

    icp_load, py_load = load["icp serve"], load["FastAPI + uvicorn"]
    cli_s, api_s = statistics.median(times["cli"]), statistics.median(times["api"])
    bare_s = statistics.median(times["api_bare"])
    lines = [
        f"# icp serve benchmark — {datetime.date.today()}",
        "",
        f"Machine: {machine()}. Loopback; the load generator runs on the same 2 cores.",
        f"Profile: bench/score.py's 10 attributes. Leads: {args.rows:,} generated "
        f"(bench/serve/bench.py, seed 42); the load cycles through the first 1,000 as JSON.",
        "",
        f"## Single lead, 64 connections keep-alive, {args.seconds} s each",
        "",
        "| service | req/s | p50 ms | p99 ms | non-2xx | RSS before → after MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in load.items():
        lines.append(f"| {name} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                     f"{r['non_2xx']} | {r['rss_before_mb']:.0f} → {r['rss_after_mb']:.0f} |")
    lines += [
        "",
        f"Throughput ratio icp / FastAPI: **{icp_load['rps'] / py_load['rps']:.1f}×**.",
        f"Command: `{icp_load['command']}` (key and bodies from ICP_BENCH_TOKEN, ICP_BENCH_BODIES).",
        "",
        f"## Batch: {args.rows:,} leads, median of {args.runs}",
        "",
        "| | seconds |",
        "|---|---:|",
        f"| `icp score FILE -o OUT.csv` | {cli_s:.2f} |",
        f"| `curl --data-binary @FILE …/score/batch` (every lead kept in the history) | {api_s:.2f} |",
        f"| the same on `icp serve --no-batch-history` | {bare_s:.2f} |",
        "",
        f"Ratio API / CLI: **{api_s / cli_s:.2f}×** with the history, "
        f"**{bare_s / cli_s:.2f}×** without (outputs identical byte for byte). "
        f"Runs: " + "; ".join(f"{k} " + ", ".join(f"{t:.2f}" for t in v) for k, v in times.items())
        + f". icp serve RSS after the batches: {rss_icp_end:.0f} MB.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    out = args.out or f"bench/results/serve-{datetime.date.today()}.md"
    with open(out, "w") as f:
        f.write(report)


if __name__ == "__main__":
    main()
