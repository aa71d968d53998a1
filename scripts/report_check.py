#!/usr/bin/env python3
"""Checks a rendered icp report page in headless Chromium and takes its screenshot.

Standard library only: a minimal DevTools-protocol client over a WebSocket on 127.0.0.1.

    report_check.py --chromium /usr/bin/chromium --html report-en.html --png report-en.png \
        --sections golden,evidence,profile,proof,scored,segments,rightsize,allocate,rfm,clv,review --lang en

Fails (exit 1) on: a console error or uncaught exception, any request other than the page
itself (the page must be self-contained), a missing or unexpected section, an empty chart,
SVG text outside its chart or overlapping other text, the wrong <html lang>, Japanese text
rendered without a Japanese font, the ICP template taller than one A4 page when printed, or a
print to PDF that does not work.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMEOUT = 60.0

# A4 less the page's @page margins (14 mm top and bottom, 12 mm left and right), in CSS px.
MM = 96 / 25.4
PRINT_WIDTH = round((210 - 24) * MM)
PRINT_HEIGHT = round((297 - 28) * MM)

CJK_FONT_HINTS = ("cjk", " jp", "jp ", "gothic", "hiragino", "meiryo", "ゴシック", "mincho")


class Failure(Exception):
    pass


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames, ping, close."""

    def __init__(self, host, port, path):
        self.sock = socket.create_connection((host, port), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise Failure("DevTools closed the connection during the handshake")
            response += chunk
        head, _, self.buffer = response.partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise Failure(f"DevTools refused the WebSocket: {head[:200]!r}")

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise Failure("DevTools closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send_frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise Failure("DevTools closed the WebSocket")
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if b0 & 0x80:
                    return message.decode()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class DevTools:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []

    def call(self, method, params=None, session=None):
        self.next_id += 1
        wanted = self.next_id
        message = {"id": wanted, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise Failure(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)
        raise Failure(f"{method}: no answer in {TIMEOUT:.0f} s")

    def wait_for(self, method, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        seen = len(self.events)
        while time.monotonic() < deadline:
            for e in self.events[seen:]:
                if e["method"] == method:
                    return e
            seen = len(self.events)
            self.events.append(json.loads(self.ws.recv()))
        raise Failure(f"no {method} in {timeout:.0f} s")


PAGE_FACTS = r"""
(() => {
  const drawable = 'rect, line, polyline, path, circle, polygon, ellipse';
  const svgs = [...document.querySelectorAll('svg')].map((svg, i) => {
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    });
    const outside = texts.filter(t => t.left < box.left - 1 || t.right > box.right + 1
      || t.top < box.top - 1 || t.bottom > box.bottom + 1).map(t => t.text);
    const overlaps = [];
    for (let a = 0; a < texts.length; a++) {
      for (let b = a + 1; b < texts.length; b++) {
        const p = texts[a], q = texts[b];
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 2 && h > 3) overlaps.push([p.text, q.text]);
      }
    }
    const caption = svg.closest('figure')?.querySelector('figcaption')?.textContent || `chart ${i + 1}`;
    return {caption, drawable: svg.querySelectorAll(drawable).length, texts: texts.length,
            width: box.width, height: box.height, outside, overlaps};
  });
  return JSON.stringify({
    lang: document.documentElement.lang,
    sections: [...document.querySelectorAll('main > section[id]')].map(s => s.id),
    svgs,
    title: document.title,
    externalRefs: [...document.querySelectorAll('[src], [href]')]
      .map(e => e.getAttribute('src') || e.getAttribute('href'))
      .filter(u => !u.startsWith('#')),
  });
})()
"""

MARK_CJK = r"""
(() => {
  const cjk = /[\u3040-\u30ff\u3400-\u9fff]/;
  const picks = [document.querySelector('h1'), document.querySelector('section h2'),
                 [...document.querySelectorAll('svg text')].find(t => cjk.test(t.textContent))];
  let n = 0;
  for (const el of picks) if (el && cjk.test(el.textContent)) el.setAttribute('data-font-check', String(++n));
  return n;
})()
"""


def start_chromium(chromium, profile):
    args = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        f"--user-data-dir={profile}", "about:blank",
    ]
    log = open(Path(profile) / "chromium.log", "wb")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    port_file = Path(profile) / "DevToolsActivePort"
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failure(f"chromium exited with {proc.returncode}; see its log")
        if port_file.exists():
            lines = port_file.read_text().split()
            if len(lines) >= 2:
                return proc, int(lines[0]), lines[1]
        time.sleep(0.1)
    raise Failure("chromium did not open its DevTools port")


def check(args):
    html = Path(args.html).resolve()
    url = html.as_uri()
    expected = [s for s in args.sections.split(",") if s]
    problems = []
    profile = tempfile.mkdtemp(prefix="icp-report-chromium-")
    proc = None
    ws = None
    try:
        proc, port, path = start_chromium(args.chromium, profile)
        ws = WebSocket("127.0.0.1", port, path)
        dt = DevTools(ws)
        target = dt.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = dt.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network", "DOM", "CSS"):
            dt.call(f"{domain}.enable", {}, s)
        dt.call("Emulation.setDeviceMetricsOverride",
                {"width": args.width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, s)
        start = len(dt.events)
        dt.call("Page.navigate", {"url": url}, s)
        dt.wait_for("Page.loadEventFired")
        # Let late console messages and requests arrive.
        dt.call("Runtime.evaluate", {"expression": "new Promise(r => setTimeout(r, 300))", "awaitPromise": True}, s)

        for e in dt.events[start:]:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                problems.append(f"console {p['type']}: {p.get('args')}")
            elif m == "Runtime.exceptionThrown":
                problems.append(f"uncaught exception: {p.get('exceptionDetails', {}).get('text')}")
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                problems.append(f"console error: {p['entry'].get('text')} {p['entry'].get('url', '')}")
            elif m == "Network.requestWillBeSent":
                requested = p.get("request", {}).get("url", "")
                if requested != url and not requested.startswith("data:"):
                    problems.append(f"the page requested {requested}: it must be self-contained")

        facts = json.loads(dt.call("Runtime.evaluate", {"expression": PAGE_FACTS, "returnByValue": True}, s)["result"]["value"])
        if facts["lang"] != args.lang:
            problems.append(f"<html lang> is {facts['lang']!r}, expected {args.lang!r}")
        for sid in expected:
            if sid not in facts["sections"]:
                problems.append(f"section #{sid} is missing")
        for sid in facts["sections"]:
            if sid not in expected:
                problems.append(f"section #{sid} is not expected")
        if facts["externalRefs"]:
            problems.append(f"external references: {facts['externalRefs'][:5]}")
        if not facts["svgs"] and not args.no_charts:
            problems.append("no charts")
        for c in facts["svgs"]:
            where = f"chart {c['caption']!r}"
            if c["drawable"] == 0 or c["texts"] == 0:
                problems.append(f"{where} is empty ({c['drawable']} shapes, {c['texts']} texts)")
            if c["width"] < 50 or c["height"] < 50:
                problems.append(f"{where} is {c['width']:.0f}×{c['height']:.0f} px")
            if c["outside"]:
                problems.append(f"{where}: text outside the chart: {c['outside'][:5]}")
            if c["overlaps"]:
                problems.append(f"{where}: overlapping text: {c['overlaps'][:5]}")

        if args.lang == "ja":
            marked = dt.call("Runtime.evaluate", {"expression": MARK_CJK, "returnByValue": True}, s)["result"]["value"]
            if marked < 2:
                problems.append(f"expected Japanese text in the title, a heading and a chart; found {marked}")
            root = dt.call("DOM.getDocument", {"depth": 0}, s)["root"]["nodeId"]
            for k in range(1, marked + 1):
                node = dt.call("DOM.querySelector", {"nodeId": root, "selector": f'[data-font-check="{k}"]'}, s)["nodeId"]
                fonts = dt.call("CSS.getPlatformFontsForNode", {"nodeId": node}, s)["fonts"]
                names = [f["familyName"] for f in fonts]
                if not any(h in n.lower() for n in names for h in CJK_FONT_HINTS):
                    problems.append(f"Japanese text #{k} drawn without a Japanese font (fonts: {names}); "
                                    "install fonts-noto-cjk")
                elif args.verbose:
                    print(f"  fonts for Japanese text #{k}: {names}")

        # Print: A4, and the ICP template on one page.
        dt.call("Emulation.setEmulatedMedia", {"media": "print"}, s)
        dt.call("Emulation.setDeviceMetricsOverride",
                {"width": PRINT_WIDTH, "height": PRINT_HEIGHT, "deviceScaleFactor": 1, "mobile": False}, s)
        if "profile" in expected:
            height = dt.call("Runtime.evaluate", {
                "expression": "document.getElementById('profile').getBoundingClientRect().height",
                "returnByValue": True}, s)["result"]["value"]
            if height > PRINT_HEIGHT:
                problems.append(f"printed, the ICP template is {height:.0f} px tall; one A4 page holds {PRINT_HEIGHT}")
            elif args.verbose:
                print(f"  printed ICP template: {height:.0f} of {PRINT_HEIGHT} px")
        dt.call("Emulation.clearDeviceMetricsOverride", {}, s)
        pdf = dt.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, s)["data"]
        pdf = base64.b64decode(pdf)
        if not pdf.startswith(b"%PDF"):
            problems.append("printing to PDF failed")
        if args.pdf:
            Path(args.pdf).write_bytes(pdf)
        dt.call("Emulation.setEmulatedMedia", {"media": ""}, s)

        # The screenshot: the whole page at the given width, scaled down until it is small enough.
        dt.call("Emulation.setDeviceMetricsOverride",
                {"width": args.width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, s)
        size = dt.call("Page.getLayoutMetrics", {}, s)["cssContentSize"]
        width, height = args.width, min(int(size["height"]), args.max_height)
        for scale in (1.0, 0.8, 0.65, 0.5, 0.4):
            png = base64.b64decode(dt.call("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": scale}}, s)["data"])
            if len(png) <= args.max_png_bytes:
                break
        if len(png) > args.max_png_bytes:
            problems.append(f"the screenshot is {len(png)} bytes even scaled down")
        Path(args.png).parent.mkdir(parents=True, exist_ok=True)
        Path(args.png).write_bytes(png)
        print(f"  screenshot {args.png}: {int(width * scale)}×{int(height * scale)} px, {len(png)} bytes")
        try:
            dt.call("Browser.close")
        except Failure:
            pass
    finally:
        if ws:
            ws.close()
        if proc:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--html", required=True)
    parser.add_argument("--png", required=True)
    parser.add_argument("--pdf", help="also keep the printed PDF here")
    parser.add_argument("--sections", required=True, help="comma-separated section ids expected")
    parser.add_argument("--lang", required=True)
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--max-height", type=int, default=16000)
    parser.add_argument("--max-png-bytes", type=int, default=1_500_000)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-charts", action="store_true",
                        help="the page has no charts (the interview page)")
    args = parser.parse_args()
    try:
        problems = check(args)
    except (Failure, OSError, KeyError, json.JSONDecodeError) as e:
        problems = [f"{type(e).__name__}: {e}"]
    for p in problems:
        print(f"FAIL {args.html}: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"  ok {args.html}")


if __name__ == "__main__":
    main()
