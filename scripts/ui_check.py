#!/usr/bin/env python3
"""Walks the web UI's main journey in headless Chromium, in one language, and checks each page.

Standard library only; the DevTools-protocol client is report_check.py's (beside this file).

    ui_check.py --url http://127.0.0.1:PORT --lang ja --accounts accounts.csv --deals deals.csv \
        --leads leads.csv --axe axe.min.js --shots docs/ui

The journey: sign in (a --local server lets the browser in), make a project, upload the
accounts and the deals, change a column's kind, write a wrong golden rule (the error must
show) and then a right one, discover, drop a flagged leak, raise a tier cut-off in the
template editor (the tier counts must change), save it as a version and activate it, compare
two versions, score a lead list and download it.

Fails (exit 1) on: a console error or uncaught exception; any request leaving the server (only
its own URLs, data: and blob: are allowed); in Japanese, a button, heading, column header,
step link or figure label without Japanese text (a missing translation); at 1280×800 and at
390×844, text overlapping other text or an element off screen outside a scrolling table;
axe-core violations of WCAG 2 A/AA (serious or critical ones fail, others are listed); a step
that does not do what it should.
"""

import argparse
import base64
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # importing report_check leaves nothing in scripts/
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_check import DevTools, Failure, WebSocket, start_chromium  # noqa: E402

SIZES = [(1280, 800, False), (390, 844, True)]

LAYOUT = r"""
(() => {
  const W = document.documentElement.clientWidth, problems = [];
  const visible = e => {
    const cs = getComputedStyle(e);
    if (cs.display === 'none' || cs.visibility === 'hidden' || e.closest('[hidden]')) return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') +
    ' "' + (e.textContent || e.value || '').trim().slice(0, 40) + '"';
  if (document.documentElement.scrollWidth > W + 1)
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${W} px window`);
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const e = n.parentElement;
    if (!e || e.closest('svg, script, style, .skip, option') || !visible(e)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) if (r.width > 1 && r.height > 1) boxes.push({e, r});
  }
  for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, svg')) {
    if (e.closest('.skip') || !visible(e)) continue;
    boxes.push({e, r: e.getBoundingClientRect()});
  }
  for (const {e, r} of boxes) {
    if ((r.right > W + 1 || r.left < -1) && !e.closest('.scroll'))
      problems.push(`off screen (${Math.round(r.left)}–${Math.round(r.right)} of ${W}): ${name(e)}`);
  }
  const inside = (a, b) => a === b || a.contains(b) || b.contains(a);
  for (let i = 0; i < boxes.length && problems.length < 20; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const p = boxes[i], q = boxes[j];
      if (inside(p.e, q.e)) continue;
      const w = Math.min(p.r.right, q.r.right) - Math.max(p.r.left, q.r.left);
      const h = Math.min(p.r.bottom, q.r.bottom) - Math.max(p.r.top, q.r.top);
      if (w > 2 && h > 2) problems.push(`overlap: ${name(p.e)} / ${name(q.e)}`);
    }
  }
  return JSON.stringify(problems);
})()
"""

UNTRANSLATED = r"""
(() => {
  const japanese = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/, words = /[A-Za-z]{3,}/;
  const same = new Set(['AUC']);
  const found = [];
  for (const e of document.querySelectorAll(
      'button, h2, h3, th[scope=col], nav.steps a, .card .muted, [role=status], [role=alert] strong')) {
    const t = (e.textContent || '').trim();
    if (t && words.test(t) && !japanese.test(t) && !same.has(t)) found.push(`${e.tagName.toLowerCase()}: ${t.slice(0, 60)}`);
  }
  // Messages icp wrote (notes, warnings, errors, reasons a column is left out): two English
  // words in a row outside quotes, code and names is a sentence left untranslated. Only the
  // first line of a rule error is its message; the lines after quote the rule.
  const sentence = (text) => {
    const outside = text.replace(/`[^`]*`|"[^"]*"|「[^」]*」|<[^>]*>/g, ' ');
    let run = [];
    for (const token of outside.split(/\s+/)) {
      const core = token.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
      if (!/^[A-Za-z'.-]+$/.test(core) || core.replace(/[^A-Za-z]/g, '').length < 2) { run = []; continue; }
      run.push(core);
      if (run.length >= 2) return run.join(' ');
      if (/[,;:、。]$/.test(token)) run = [];
    }
    return null;
  };
  for (const e of document.querySelectorAll(
      '[role=alert], ul.warn li, ul.notes li, td .muted, td.said, pre.rule, p.muted')) {
    const clone = e.cloneNode(true);
    clone.querySelectorAll('code').forEach((c) => c.remove());
    const text = e.matches('pre') ? (clone.textContent || '').split('\n')[0] : (clone.textContent || '');
    const left = sentence(text);
    if (left) found.push(`${e.tagName.toLowerCase()} message: ${text.trim().slice(0, 80)} (${left})`);
  }
  return JSON.stringify(found);
})()
"""

AXE_RUN = r"""
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}).then(r => JSON.stringify(
  r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
"""


class Journey:
    def __init__(self, args, dt, session, downloads):
        self.args, self.dt, self.s, self.downloads = args, dt, session, downloads
        self.base = args.url.rstrip("/")
        self.problems = []
        self.seen = 0
        self.axe = Path(args.axe).read_text() if args.axe else None
        self.step = 0

    # -- the protocol ---------------------------------------------------------------------
    def call(self, method, params=None):
        return self.dt.call(method, params or {}, self.s)

    def js(self, expression, wait=False):
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": wait})
        if "exceptionDetails" in reply:
            raise Failure(f"script failed: {reply['exceptionDetails'].get('text')} "
                          f"{reply['exceptionDetails'].get('exception', {}).get('description', '')[:300]}")
        return reply["result"].get("value")

    def pump(self, seconds):
        """Reads events for `seconds` (a page that goes to another meanwhile cuts it short)."""
        try:
            self.js(f"new Promise(r => setTimeout(r, {int(seconds * 1000)}))", wait=True)
        except Failure:
            time.sleep(seconds)

    def wait_event(self, method, since, timeout=120.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(e["method"] == method for e in self.dt.events[since:]):
                return
            self.dt.events.append(json.loads(self.dt.ws.recv()))
        raise Failure(f"no {method} in {timeout:.0f} s")

    def navigate_by(self, action, timeout=120.0):
        """Runs `action` (a script that leads to another page) and waits for that page."""
        since = len(self.dt.events)
        self.js(action)
        try:
            self.wait_event("Page.loadEventFired", since, timeout)
        except (Failure, TimeoutError) as e:
            said = self.js("[...document.querySelectorAll('[data-status], [role=alert]')]"
                           ".map(e => e.textContent).join(' | ')")
            raise Failure(f"{self.where()}: no page came after `{action[:80]}`: {e}; the page says: {said}")
        self.pump(0.3)

    def go(self, path):
        since = len(self.dt.events)
        self.call("Page.navigate", {"url": self.base + path})
        self.wait_event("Page.loadEventFired", since)
        self.pump(0.3)

    def until(self, expression, what, timeout=120.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.js(expression):
                    return
            except Failure:
                pass  # the page is changing
            self.pump(0.25)
        raise Failure(f"{what}: not within {timeout:.0f} s")

    def expect(self, expression, what):
        if not self.js(expression):
            self.problems.append(f"{self.where()}: {what}")

    def where(self):
        return f"[{self.args.lang}] {self.js('location.pathname')}"

    def file_input(self, selector, path):
        obj = self.call("Runtime.evaluate", {"expression": f"document.querySelector({json.dumps(selector)})"})
        self.call("DOM.setFileInputFiles", {"files": [str(Path(path).resolve())],
                                            "objectId": obj["result"]["objectId"]})

    # -- the checks ---------------------------------------------------------------------------
    def events(self):
        for e in self.dt.events[self.seen:]:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                self.problems.append(f"[{self.args.lang}] console {p['type']}: {p.get('args')}")
            elif m == "Runtime.exceptionThrown":
                self.problems.append(f"[{self.args.lang}] uncaught exception: "
                                     f"{p.get('exceptionDetails', {}).get('text')}")
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                entry = p["entry"]
                self.problems.append(f"[{self.args.lang}] console error: {entry.get('text')} {entry.get('url', '')}")
            elif m == "Network.requestWillBeSent":
                url = p.get("request", {}).get("url", "")
                if not (url.startswith(self.base + "/") or url.startswith(("data:", "blob:"))):
                    self.problems.append(f"[{self.args.lang}] a request left the server: {url}")
        self.seen = len(self.dt.events)

    def check(self, name, phone_shot=False):
        """Every check on the page as it is now, then its screenshots."""
        self.step += 1
        where = self.where()
        self.events()
        if self.args.lang == "ja":
            for t in json.loads(self.js(UNTRANSLATED)):
                self.problems.append(f"{where}: not translated: {t}")
        if self.axe:
            if not self.js("typeof axe !== 'undefined'"):
                self.js(self.axe)
            for v in json.loads(self.js(AXE_RUN, wait=True)):
                line = f"{where}: axe {v['impact']} {v['id']}: {v['help']} at {v['nodes']}"
                if v["impact"] in ("serious", "critical"):
                    self.problems.append(line)
                else:
                    print(f"  note {line}")
        for width, height, mobile in SIZES:
            self.call("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
            self.pump(0.15)
            for p in json.loads(self.js(LAYOUT)):
                self.problems.append(f"{where} at {width}×{height}: {p}")
            if width == 1280 or phone_shot:
                self.shot(f"{self.args.lang}-{self.step:02d}-{name}" + ("-phone" if mobile else ""))
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
        size = self.js("document.documentElement.innerHTML.length")
        if size > 300_000:
            self.problems.append(f"{where}: the page is {size} bytes (goal: under 300 KB)")
        print(f"  checked {where} ({name})")

    def shot(self, name):
        if not self.args.shots:
            return
        png = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])
        out = Path(self.args.shots) / f"{name}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(png)

    # -- the journey --------------------------------------------------------------------------
    def run(self):
        lang = self.args.lang
        self.go("/ui/sign-in")
        self.expect("location.pathname === '/ui'", "a --local server signs the browser in")
        self.expect(f"document.documentElement.lang === '{lang}'", f"the page is in {lang}")
        self.check("projects")

        name = f"Demo {lang} <script>x</script>"
        self.navigate_by(f"document.querySelector('#name').value = {json.dumps(name)};"
                         "document.querySelector('form[action=\"/ui/projects\"]').requestSubmit()")
        self.expect("/^\\/ui\\/p\\/\\d+$/.test(location.pathname)", "a new project's page")
        project = self.js("location.pathname")
        self.expect("document.querySelector('h1').textContent.includes('<script>')", "the name shown as text")
        self.check("project")

        for table, path in (("accounts", self.args.accounts), ("deals", self.args.deals)):
            self.js(f"document.querySelector('#table').value = '{table}'")
            self.file_input("#file", path)
            self.navigate_by("document.querySelector('form[data-upload]').requestSubmit()")
        self.expect("!!document.querySelector('#columns')", "what icp understood, after the upload")
        self.check("understood", phone_shot=True)

        # Fix a column: founded_year read as a category.
        self.navigate_by("""(() => {
            const f = [...document.querySelectorAll('#columns form')].find(f => f.column.value === 'founded_year');
            f.kind.value = 'categorical'; f.requestSubmit(); })()""")
        self.expect("""(() => { const f = [...document.querySelectorAll('#columns form')]
            .find(f => f.column.value === 'founded_year'); return f.kind.value === 'categorical'; })()""",
                    "founded_year is a category now")

        # The golden rule: a wrong one shows its error as typed, a right one its count.
        typed = "(r => { const t = document.querySelector('#rule'); t.value = r; " \
                "t.dispatchEvent(new Event('input', {bubbles: true})); })"
        self.js(f"{typed}('won_deal > 0')")
        self.until("(() => { const a = document.querySelector('#rule-check .alert'); "
                   "return a && a.textContent.includes('won_deals'); })()", "the rule's error as typed")
        self.check("golden-rule-error")
        self.js(f"{typed}('won_deals > 0')")
        self.until("!!document.querySelector('#rule-check .ok')", "the rule's golden count as typed")
        self.navigate_by("document.querySelector('#rule').form.requestSubmit()")

        self.navigate_by("document.querySelector('form[action$=\"/discover\"]').requestSubmit()")
        self.until("!document.querySelector('[data-poll]') && !!document.querySelector('.cards')",
                   "discover's findings", timeout=300)
        self.expect("!!document.querySelector('svg.chart')", "lift bars on the findings page")
        self.check("findings", phone_shot=True)
        findings = self.js("location.pathname")
        if self.js("!!document.querySelector('button[name=decision][value=drop]')"):
            self.navigate_by("document.querySelector('button[name=decision][value=drop]').click()")
            self.expect("!!document.querySelector('p.ok')", "the leak decision is confirmed")

        self.go(f"{project}/profiles/1/edit")
        before = self.js("document.querySelector('#effect-tiers td[data-tier=\"A\"]').textContent")
        self.js("(() => { const i = document.querySelector('[name=\"tier.0.min\"]'); "
                "i.value = String(Number(i.value) + 10); i.dispatchEvent(new Event('input', {bubbles: true})); })()")
        self.until(f"document.querySelector('#effect-tiers td[data-tier=\"A\"]').textContent !== {json.dumps(before)}",
                   "the tier counts change with the cut-off")
        self.check("editor", phone_shot=True)
        self.navigate_by("document.querySelector('form.editor').requestSubmit()")
        self.expect("!!document.querySelector('p.ok')", "saved as a version")
        self.navigate_by("document.querySelector('form[action$=\"/profiles/2/activate\"]').requestSubmit()")
        self.expect("document.querySelector('#versions tbody tr th').textContent === 'v2' && "
                    "document.querySelector('#versions tbody tr strong') !== null", "v2 is active")
        self.check("versions")
        self.go(f"{project}/profiles/compare?a=1&b=2")
        self.check("compare")

        self.go(f"{project}/leads")
        self.file_input("#lead-file", self.args.leads)
        since = time.monotonic()
        self.js("document.querySelector('form[data-score-list]').requestSubmit()")
        deadline = since + 120
        got = None
        while time.monotonic() < deadline and not got:
            self.pump(0.3)
            done = [p for p in Path(self.downloads).glob("*-scored.csv")]
            got = done[0] if done else None
        if not got:
            self.problems.append(f"[{lang}] the scored lead list was not downloaded")
        else:
            head = got.read_bytes().split(b"\n", 1)[0]
            if b"icp_tier" not in head:
                self.problems.append(f"[{lang}] the downloaded file has no icp_tier column: {head[:200]!r}")
            got.unlink()
        self.check("leads")
        self.go(findings)
        self.events()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--url", required=True)
    parser.add_argument("--lang", required=True, choices=["en", "ja"])
    parser.add_argument("--accounts", required=True)
    parser.add_argument("--deals", required=True)
    parser.add_argument("--leads", required=True)
    parser.add_argument("--axe", help="axe.min.js from the npm package axe-core")
    parser.add_argument("--shots", help="folder for the screenshots")
    args = parser.parse_args()
    profile = tempfile.mkdtemp(prefix="icp-ui-chromium-")
    downloads = tempfile.mkdtemp(prefix="icp-ui-downloads-")
    proc = ws = None
    problems = []
    try:
        proc, port, path = start_chromium(args.chromium, profile)
        ws = WebSocket("127.0.0.1", port, path)
        dt = DevTools(ws)
        dt.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        target = dt.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = dt.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network", "DOM"):
            dt.call(f"{domain}.enable", {}, s)
        accept = "ja-JP,ja;q=0.9,en;q=0.5" if args.lang == "ja" else "en-US,en;q=0.9"
        dt.call("Network.setUserAgentOverride", {"userAgent": "icp-ui-check", "acceptLanguage": accept}, s)
        dt.call("Emulation.setDeviceMetricsOverride",
                {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}, s)
        journey = Journey(args, dt, s, downloads)
        try:
            journey.run()
        finally:
            problems = journey.problems
        try:
            dt.call("Browser.close")
        except Failure:
            pass
    except (Failure, OSError, KeyError, TypeError, json.JSONDecodeError) as e:
        problems.append(f"[{args.lang}] {type(e).__name__}: {e}")
    finally:
        if ws:
            ws.close()
        if proc:
            try:
                proc.wait(timeout=10)
            except Exception:
                proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(downloads, ignore_errors=True)
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"  ok: the {args.lang} journey")


if __name__ == "__main__":
    main()
