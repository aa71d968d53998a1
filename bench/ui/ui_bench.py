#!/usr/bin/env python3
"""Times the web UI's pages and the template editor's effect on a large project.

    ui_bench.py --url http://127.0.0.1:PORT --accounts accounts.csv --deals deals.csv \
        --leads leads.csv [--runs 30]

Against a running `icp serve --local` (a fresh database): makes a project, uploads the
accounts and deals, runs discover, scores the leads as a list (so the hot leads have rows),
then times each page (GET, keep-alive, after one warm-up) and the editor's effect endpoint
(a tier cut-off changed), and prints one Markdown table: median and p95 in milliseconds and
the page's size. The first view of the project page (loading the project into memory) is
timed on its own. Standard library only.
"""

import argparse
import http.client
import re
import statistics
import sys
import time
import urllib.parse


class Client:
    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
        self.cookies = {}
        self.csrf = ""

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        for value in response.headers.get_all("Set-Cookie") or []:
            pair = value.split(";", 1)[0]
            name, _, val = pair.partition("=")
            if "Max-Age=0" in value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val
        return response.status, {k.lower(): v for k, v in response.headers.items()}, data, elapsed

    def get(self, path):
        status, headers, data, elapsed = self.request("GET", path)
        if status >= 400:
            raise SystemExit(f"GET {path}: {status} {data[:300]!r}")
        found = re.search(rb'name="csrf-token" content="([0-9a-f]{64})"', data)
        if found:
            self.csrf = found.group(1).decode()
        return status, headers, data, elapsed

    def form(self, path, fields):
        body = urllib.parse.urlencode(fields + [("csrf", self.csrf)])
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                 "x-csrf-token": self.csrf})

    def upload(self, path, file):
        with open(file, "rb") as f:
            data = f.read()
        return self.request("POST", path, data, {"x-csrf-token": self.csrf, "Content-Type": "text/csv"})


def wait_for_run(client, project, run):
    while True:
        status, headers, _, _ = client.request("GET", f"/ui/p/{project}/runs/{run}/progress")
        if status != 200:
            raise SystemExit(f"run {run}: {status}")
        if "x-job-done" in headers:
            return
        time.sleep(0.5)


def timed(runs, call):
    call()  # warm-up
    times = []
    size = 0
    for _ in range(runs):
        elapsed, size = call()
        times.append(elapsed * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--accounts", required=True)
    parser.add_argument("--deals", required=True)
    parser.add_argument("--leads", required=True)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    c = Client(args.url)

    c.request("GET", "/ui/sign-in")  # a --local server opens a session
    c.get("/ui")
    status, headers, _, _ = c.form("/ui/projects", [("name", "bench")])
    project = headers["location"].rsplit("/", 1)[-1]
    c.get(f"/ui/p/{project}")
    t0 = time.perf_counter()
    for table, file in (("accounts", args.accounts), ("deals", args.deals)):
        status, _, data, _ = c.upload(f"/ui/p/{project}/upload/{table}?filename={table}.csv", file)
        if status != 201:
            raise SystemExit(f"upload {table}: {status} {data[:300]!r}")
    upload_s = time.perf_counter() - t0
    _, _, page, first_view = c.get(f"/ui/p/{project}")
    status, headers, data, _ = c.form(f"/ui/p/{project}/discover", [])
    location = headers.get("location")
    if status != 303 or not location:
        raise SystemExit(f"discover: {status} {data[:300]!r}")
    run = location.rsplit("/", 1)[-1]
    t0 = time.perf_counter()
    wait_for_run(c, project, run)
    discover_s = time.perf_counter() - t0
    c.get(f"/ui/p/{project}/leads")
    status, _, data, _ = c.upload(f"/ui/p/{project}/leads/batch?filename=leads.csv", args.leads)
    if status != 200:
        raise SystemExit(f"lead list: {status} {data[:300]!r}")

    rows = []
    pages = [
        ("projects", "/ui"),
        ("project (understood, golden rule, runs)", f"/ui/p/{project}"),
        ("discover findings", f"/ui/p/{project}/runs/{run}"),
        ("profile versions", f"/ui/p/{project}/profiles"),
        ("template editor (with its effect)", f"/ui/p/{project}/profiles/1/edit"),
        ("hot leads", f"/ui/p/{project}/leads"),
        ("segments and report links", f"/ui/p/{project}/segments"),
    ]
    # Each page in English, then in Japanese (icp's messages said again from the catalog).
    for lang in ("en", "ja"):
        c.cookies["icp_lang"] = lang
        for name, path in pages:
            def call(path=path):
                _, _, data, elapsed = c.get(path)
                return elapsed, len(data)
            median, p95, size = timed(args.runs, call)
            rows.append((f"GET {name} [{lang}]", median, p95, size))
    c.cookies["icp_lang"] = "en"

    _, _, editor, _ = c.get(f"/ui/p/{project}/profiles/1/edit")
    fields = re.findall(rb'<input type="(?:number|text)"[^>]*name="([^"]+)" value="([^"]*)"', editor)
    fields = [(k.decode(), v.decode()) for k, v in fields]
    checked = re.findall(rb'name="(crit\.\d+\.on)" value="1" checked', editor)
    fields += [(k.decode(), "1") for k in checked]
    tier = [i for i, (k, _) in enumerate(fields) if k == "tier.0.min"][0]
    flip = [False]

    def effect():
        flip[0] = not flip[0]
        edited = list(fields)
        edited[tier] = ("tier.0.min", str(float(fields[tier][1]) + (10 if flip[0] else 5)))
        status, _, data, elapsed = c.form(f"/ui/p/{project}/profiles/1/effect", edited)
        if status != 200 or b"effect-tiers" not in data:
            raise SystemExit(f"effect: {status} {data[:300]!r}")
        return elapsed, len(data)

    median, p95, size = timed(args.runs, effect)
    rows.append(("POST editor effect (re-scores every account)", median, p95, size))

    def check():
        status, _, data, elapsed = c.form(f"/ui/p/{project}/golden/check", [("rule", "won_deals > 0 and employees >= 50")])
        if status != 200:
            raise SystemExit(f"check: {status}")
        return elapsed, len(data)

    median, p95, size = timed(args.runs, check)
    rows.append(("POST golden rule check", median, p95, size))

    accounts = sum(1 for _ in open(args.accounts, "rb")) - 1
    print(f"{accounts:,} accounts; upload of accounts and deals {upload_s:.1f} s; "
          f"first view of the project page (loads the project) {first_view * 1000:.0f} ms; "
          f"discover {discover_s:.1f} s; {args.runs} timed runs each after one warm-up\n")
    print("| request | median ms | p95 ms | bytes |")
    print("|---|---:|---:|---:|")
    for name, median, p95, size in rows:
        print(f"| {name} | {median:.1f} | {p95:.1f} | {size:,} |")


if __name__ == "__main__":
    sys.exit(main())
