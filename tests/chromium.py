"""What every browser test shares: Debian's Chromium driven by playwright (no download), its
flags, the rule that a missing browser skips the test module (or fails it in CI, where
``CLAIMTRACK_REQUIRE_BROWSER=1``), and ``claimtrack review`` started as a user starts it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CLAIMTRACK_CHROMIUM") or shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def require_chromium() -> None:
    """Skip the calling test module when there is no Chromium (fail it when one is required)."""
    if not CHROMIUM:
        if os.environ.get("CLAIMTRACK_REQUIRE_BROWSER") == "1":
            raise RuntimeError(
                "CLAIMTRACK_REQUIRE_BROWSER=1 but no chromium: apt-get install chromium"
            )
        pytest.skip("no chromium installed (apt-get install chromium)", allow_module_level=True)


@contextmanager
def review_server(path: Path, reviewer: str = "Erin Editor") -> Iterator[str]:
    """``claimtrack review`` on the ledger at ``path``, on a free port; yields its sign-in link."""
    command = [sys.executable, "-c", "from claimtrack.cli import cli; cli()", "review"]
    server = subprocess.Popen(
        [*command, "--db", str(path), "--port", "0", "--reviewer", reviewer],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None and server.stderr is not None
        link = server.stdout.readline().strip()
        assert link.startswith("http://127.0.0.1:"), server.stderr.read()
        yield link
    finally:
        server.terminate()
        server.wait(timeout=10)
