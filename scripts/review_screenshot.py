"""Take the README's screenshot of the review page (docs/review.png).

    python scripts/review_screenshot.py [--out docs/review.png]

Extracts seeds/ into a temporary ledger with the offline backend, starts
`claimtrack review` on it, signs in with the printed link in headless Chromium (Debian's
`chromium`, driven by playwright), records one status with a note, and photographs that
claim's review page.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from claimtrack.cli import cli; cli()"]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "review.png"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    ledger = work / "claims.db"
    subprocess.run(
        [*CLI, "extract", str(ROOT / "seeds"), "--db", str(ledger)], check=True, capture_output=True
    )
    server = subprocess.Popen(
        [*CLI, "review", "--db", str(ledger), "--port", "0", "--reviewer", "Erin Editor"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        link = server.stdout.readline().strip()
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(work / "profile"),
                executable_path=shutil.which("chromium"),
                args=FLAGS,
                viewport={"width": 1100, "height": 1000},
            )
            page = context.new_page()
            page.goto(link)
            page.goto(link.split("/-/")[0] + "/claims/quotes_by_speaker")
            page.locator("a.ct-review-link").first.click()
            page.select_option("#ct-status", "supported")
            page.fill("#ct-note", "Matches the ministry's transcript of the visit.")
            page.click("button[type=submit]")
            page.wait_for_load_state()
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=args.out, full_page=True)
            context.close()
    finally:
        server.terminate()
        server.wait()
    print(args.out)


if __name__ == "__main__":
    main()
