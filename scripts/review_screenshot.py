"""Take the README's screenshot of the review page (docs/review.png).

    python scripts/review_screenshot.py [--out docs/review.png]

Extracts seeds/ into a temporary ledger with the offline backend, starts
`claimtrack review` on it (which adds the reviewer), signs in with the printed link in
headless Chromium (Debian's `chromium`, driven by playwright), opens the first quote of the
review queue, records one status with a note (save and next), goes back to it and
photographs its review page as a reviewer sees it: the source with each span in its colour,
the status form beside it, and the queue's navigation.
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
                viewport={"width": 1280, "height": 900},
            )
            page = context.new_page()
            page.goto(link)
            page.click("button:has-text('Sign in')")
            page.wait_for_url("**/-/claimtrack/queue*")
            page.goto(link.split("/-/")[0] + "/-/claimtrack/queue?kind=quote")
            page.locator("a.ct-review-link").first.click()
            page.wait_for_url("**/-/claimtrack/claims/*")
            first = page.url
            page.keyboard.press("2")  # supported
            page.keyboard.press("n")
            page.keyboard.type("Matches the ministry's transcript of the visit.")
            page.keyboard.press("Control+Enter")  # save and next
            page.wait_for_url("**saved=*")
            page.goto(first)
            page.wait_for_load_state()
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=args.out, full_page=False)
            context.close()
    finally:
        server.terminate()
        server.wait()
    print(args.out)


if __name__ == "__main__":
    main()
