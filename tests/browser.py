"""Headless Chromium (Debian's package) over the DevTools protocol: open a page, record every
console error and every network request, read the DOM, take a screenshot. No download, no
browser-automation library: the protocol over a websocket."""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1280,900"]


def chromium_or_skip() -> str:
    """The browser; missing is a skip locally and a failure under CI (CI=true)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed (.ci/run installs it from Debian's packages)")
        pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    return exe


@dataclass
class PageLoad:
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    screenshot: bytes = b""
    values: dict = field(default_factory=dict)
    fonts: list[str] = field(default_factory=list)


class _Session:
    def __init__(self, ws):
        self.ws, self.ids, self.events = ws, itertools.count(1), []

    def call(self, method: str, **params) -> dict:
        n = next(self.ids)
        self.ws.send(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=60))
            if msg.get("id") == n:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str) -> None:
        while not any(e.get("method") == method for e in self.events):
            self.events.append(json.loads(self.ws.recv(timeout=60)))


@contextmanager
def _browser(exe: str) -> Iterator[str]:
    profile = Path(tempfile.mkdtemp(prefix="chromium-"))
    proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        for _ in range(600):  # the browser writes its port once it listens
            if port_file.exists() and port_file.read_text().strip():
                break
            if proc.poll() is not None:
                raise RuntimeError("chromium exited before listening")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as resp:
            pages = [t for t in json.load(resp) if t["type"] == "page"]
        yield pages[0]["webSocketDebuggerUrl"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)


def open_page(url: str, expressions: dict[str, str], font_selector: str = "h1",
              max_height: int = 6000) -> PageLoad:
    """Load `url`, then evaluate each JavaScript expression (by name) in the page; the
    screenshot is of the whole page, up to `max_height` pixels."""
    from websockets.sync.client import connect

    exe = chromium_or_skip()
    out = PageLoad()
    with _browser(exe) as ws_url, connect(ws_url, max_size=None) as ws:
        s = _Session(ws)
        for domain in ("Runtime", "Log", "Network", "Page", "DOM", "CSS"):
            s.call(f"{domain}.enable")
        s.call("Page.navigate", url=url)
        s.wait_for("Page.loadEventFired")
        for name, expr in expressions.items():
            out.values[name] = s.call("Runtime.evaluate", expression=expr,
                                      returnByValue=True)["result"].get("value")
        root = s.call("DOM.getDocument")["root"]["nodeId"]
        node = s.call("DOM.querySelector", nodeId=root, selector=font_selector)["nodeId"]
        out.fonts = [f["familyName"] for f in
                     s.call("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]]
        size = s.call("Page.getLayoutMetrics")["cssContentSize"]
        s.call("Emulation.setDeviceMetricsOverride", width=1280,
               height=min(int(size["height"]), max_height), deviceScaleFactor=1, mobile=False)
        out.screenshot = base64.b64decode(s.call("Page.captureScreenshot", format="png")["data"])
        for e in s.events:
            method, p = e.get("method"), e.get("params", {})
            if method == "Network.requestWillBeSent":
                out.requests.append(p["request"]["url"])
            elif method == "Runtime.exceptionThrown":
                out.console_errors.append(p["exceptionDetails"].get("text", "exception"))
            elif method == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                out.console_errors.append(str(p["args"]))
            elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.console_errors.append(p["entry"]["text"])
    return out
