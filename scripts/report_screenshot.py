"""Take the README's screenshot of ``claimtrack report`` (docs/report.png).

    python scripts/report_screenshot.py [--out docs/report.png]

Extracts seeds/ into a temporary ledger with the offline backend, records a few verdicts
(so that statuses show), writes the report of the seed document with ``claimtrack report``,
opens the file in headless Chromium (Debian's ``chromium``, driven by playwright; the file
loads nothing else) and photographs its top: the legend, the text with each claim's evidence
in its kind's colour, and the list of claims beside it.
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
VERDICTS = (("3", "supported"), ("5", "refuted"), ("8", "disputed"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "report.png"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    ledger = str(work / "claims.db")
    seed = str(next((ROOT / "seeds").glob("*.txt")).relative_to(ROOT))  # no local path shown

    def claimtrack(*words: str) -> None:
        command = [*CLI, *words, "--db", ledger]
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)

    claimtrack("extract", seed)
    for claim_id, status in VERDICTS:
        claimtrack("status", claim_id, status, "--by", "Erin Editor")
    report = work / "report.html"
    claimtrack("report", seed, "-o", str(report), "--title", "Claims in one TIME article")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(report.as_uri())
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=args.out, full_page=False)
        browser.close()
    shutil.rmtree(work)
    print(args.out)


if __name__ == "__main__":
    main()
