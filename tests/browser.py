"""Headless Chromium driven by its own command line: a page's DOM after a measuring script ran
(``--dump-dom``), and a screenshot (``--screenshot``). No browser is downloaded: Debian's
``chromium`` package, which .ci/run installs where it is missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

#: The flags the machine's notes give for a headless Chromium with no network of its own.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

#: Measures every <math> and <svg> after the page loaded, and records script errors and
#: console.error calls; writes all of it as JSON into <pre id="measurements">.
PROBE = """<script>
(() => {
  const errors = [];
  window.addEventListener('error', e => errors.push('error: ' + e.message));
  const original = console.error;
  console.error = (...args) => { errors.push('console.error: ' + args.join(' ')); original(...args); };
  window.addEventListener('load', () => {
    const box = el => { const r = el.getBoundingClientRect(); return {width: r.width, height: r.height}; };
    const stacked = f => f.children.length === 2
      ? f.children[1].getBoundingClientRect().top - f.children[0].getBoundingClientRect().top : null;
    const out = {
      math: [...document.querySelectorAll('math')]
        .map(m => ({...box(m), display: getComputedStyle(m).display})),
      svg: [...document.querySelectorAll('svg')]
        .map(s => ({...box(s), paths: s.querySelectorAll('path').length})),
      fractions: [...document.querySelectorAll('mfrac')].map(stacked),
      errors,
    };
    const pre = document.createElement('pre');
    pre.id = 'measurements';
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  });
})();
</script>"""


def chromium() -> str:
    """The Chromium binary; skipped where there is none, except in CI, where it must be."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium for the browser test (.ci/run installs it)")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    return found


def _run(args: list[str], timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def measure(page: Path) -> tuple[dict[str, Any], str]:
    """Load a copy of ``page`` with :data:`PROBE` in its head; the measurements and the
    browser's log (console messages are logged there too)."""
    probed = page.with_name(page.stem + "-probed.html")
    text = page.read_text()
    probed.write_text(text.replace("<head>", "<head>" + PROBE, 1))
    done = _run(
        ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", "--dump-dom", probed.as_uri()]
    )
    start = done.stdout.find('<pre id="measurements">')
    if start < 0:
        raise AssertionError(f"no measurements in the DOM; chromium said: {done.stderr[-2000:]}")
    end = done.stdout.index("</pre>", start)
    raw = done.stdout[start + len('<pre id="measurements">') : end]
    return json.loads(raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")), done.stderr


def screenshot(page: Path, out: Path, width: int = 1100, height: int = 1500) -> None:
    """A PNG of the top of ``page``."""
    _run([f"--window-size={width},{height}", "--hide-scrollbars", f"--screenshot={out}", page.as_uri()])
    if not out.exists() or out.stat().st_size == 0:
        raise AssertionError(f"chromium wrote no screenshot to {out}")
