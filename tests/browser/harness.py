"""Helpers for the browser tests: real pages in a real headless Chromium.

`twitchwise serve` runs in a subprocess on a journal of its own (filled by `twitchwise demo`, or
empty), and Playwright drives Debian's chromium through executable_path, never `playwright
install`, which downloads a browser of its own. scripts/test-deps installs the browser and
axe-core; without them the browser tests fail in CI and are skipped elsewhere.

``shoot`` writes full-page screenshots at desktop and phone width and checks that nothing is wider
than a phone; ``axe_check`` runs axe-core in the page and fails on serious or critical violations;
``Watched`` holds the hosts a page requested and the errors its console reported.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("TWITCHWISE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
NOW = "2026-11-24T14:05:00+00:00"
# The accounts server's people: alice turns two-step sign-in on (test_accounts), carol never does
ACCOUNTS = {"alice": "correct horse battery", "carol": "purple otter lamp"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SERIOUS = ("serious", "critical")


def missing(what: str) -> None:
    """Fail in CI, where scripts/test installs everything; skip with the reason elsewhere."""
    message = f"{what}; run scripts/test-deps (scripts/test does) to install it"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _twitchwise() -> str:
    script = Path(sys.executable).parent / "twitchwise"
    return str(script) if script.exists() else "twitchwise"


@dataclass
class LiveServer:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    def get(self, path: str) -> str:
        """The raw HTML of ``path``, as a plain HTTP client (no browser) receives it."""
        with urllib.request.urlopen(self.url + path, timeout=10) as response:  # noqa: S310
            return str(response.read().decode("utf-8"))


def start_server(
    data_dir: Path, *, demo: bool, accounts: dict[str, str] | None = None
) -> LiveServer:
    """``accounts``: serve with accounts on, these names and passwords added first."""
    env = {
        **os.environ,
        "TWITCHWISE_DATA_DIR": str(data_dir),
        "TWITCHWISE_NOW": NOW,
        "TWITCHWISE_TIME_ZONE": "Europe/London",
    }
    env.pop("TWITCHWISE_DATABASE_URL", None)
    env.pop("TWITCHWISE_ACCOUNTS", None)
    if demo:
        filled = subprocess.run([_twitchwise(), "demo"], env=env, capture_output=True, text=True)
        if filled.returncode != 0:
            raise RuntimeError(f"twitchwise demo failed: {filled.stdout}{filled.stderr}")
    for name, password in (accounts or {}).items():
        added = subprocess.run(
            [_twitchwise(), "user", "add", name, "--password-stdin"],
            env=env,
            input=password,
            capture_output=True,
            text=True,
        )
        if added.returncode != 0:
            raise RuntimeError(f"twitchwise user add failed: {added.stdout}{added.stderr}")
    if accounts is not None:
        env["TWITCHWISE_ACCOUNTS"] = "1"
    port = _free_port()
    with (data_dir / "serve.log").open("wb") as log:  # the server keeps its own copy of the fd
        process = subprocess.Popen(
            [_twitchwise(), "serve", "--port", str(port)], env=env, stdout=log, stderr=log
        )
    server = LiveServer(f"http://127.0.0.1:{port}", data_dir, process)
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"twitchwise serve stopped: {(data_dir / 'serve.log').read_text()}")
        try:
            server.get("/settings")
            return server
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("twitchwise serve did not answer within 30 s") from None
            time.sleep(0.1)


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@dataclass
class Watched:
    """What a page did besides drawing itself: every host it asked, every console error."""

    hosts: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)

    def assert_only(self, server: LiveServer) -> None:
        others = self.hosts - {server.host}
        assert not others, f"the page reached other hosts: {sorted(others)}"

    def assert_no_errors(self) -> None:
        assert not self.errors, "the browser reported errors:\n" + "\n".join(self.errors)


def screenshot(page: Any, name: str) -> None:
    """A full-page screenshot at the page's current width, named ``<name>-desktop.png`` or
    ``<name>-phone.png``; at phone width nothing may be wider than the screen."""
    SCREENSHOTS.mkdir(exist_ok=True)
    phone = page.viewport_size["width"] <= PHONE["width"]
    page.screenshot(
        path=SCREENSHOTS / f"{name}-{'phone' if phone else 'desktop'}.png", full_page=True
    )
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        overflowing = [] if width <= PHONE["width"] + 1 else page.evaluate(WIDEST)
        assert width <= PHONE["width"] + 1, (
            f"{name}: at 375 px the page is {width} px wide (a horizontal scrollbar); "
            f"wider than the screen: {overflowing}"
        )


def shoot(page: Any, name: str, axe_source: str | None = None) -> None:
    """Screenshots of the page as it is now (a fragment htmx swapped in stays) at desktop and phone
    width, by resizing the window, with an axe check at each width when ``axe_source`` is given
    (a box that scrolls only on a phone is a finding only there). The page ends at desktop size."""
    try:
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            screenshot(page, name)
            if axe_source is not None:
                axe_check(page, axe_source)
    finally:
        page.set_viewport_size(DESKTOP)


# The elements that stick out of a phone screen, named by tag, id and class, outermost first.
WIDEST = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 && !out.some(o => o.el.contains(el))) {
      out.push({el, right: Math.round(box.right)});
    }
  }
  return out.slice(0, 8).map(o => o.el.tagName.toLowerCase() + (o.el.id ? '#' + o.el.id : '')
    + (o.el.className && typeof o.el.className === 'string' ? '.' + o.el.className.trim()
    .replace(/\\s+/g, '.') : '') + ' (right edge ' + o.right + ' px)');
}"""


def axe_check(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; fail on any serious or critical violation.

    axe is evaluated through the DevTools protocol, which the page's strict CSP (script-src
    'self') does not govern, so the page is checked exactly as a person gets it. Returns the
    milder violations, for a look.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source + "\n;undefined")
    # axe's default rule set: WCAG 2.x A and AA plus its best practices
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations: list[dict[str, Any]] = results["violations"]
    bad = [v for v in violations if v.get("impact") in SERIOUS]
    assert not bad, f"axe found serious or critical violations on {page.url}:\n" + "\n".join(
        describe(v) for v in bad
    )
    return [v for v in violations if v not in bad]


def describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(
        f"      {', '.join(map(str, n['target']))}  {n.get('html', '')[:120]}\n"
        f"        {' '.join(n.get('failureSummary', '').split())}"
        for n in violation["nodes"][:6]
    )
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n{nodes}"
