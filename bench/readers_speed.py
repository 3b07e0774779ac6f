"""Speed of the document readers: the same text as .txt, .html, .pdf and .docx, read by
``claimtrack.documents.load``, against reading it as plain text in the same run.

    python bench/readers_speed.py [--copies 20] [--repeat 5]

The text is the seed document (``seeds/*.txt``) repeated ``--copies`` times, blank line between
copies. Each format's file is made here (tests/made_files.py: a news-like HTML page with the text
as paragraphs of its article; a PDF of 45 lines of 90 characters a page, Latin-1 only; a DOCX of
its paragraphs), so nothing is anyone's page. For each format the figure is the best wall time
of ``--repeat`` loads, in ms, with its ratio to the plain-text load of the same text; the offline
extractor's time on that text is given beside them, for scale (what a reader costs next to the
extraction it feeds).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from made_files import make_docx, make_pdf  # noqa: E402

from claimtrack.documents import load  # noqa: E402
from claimtrack.records import Document  # noqa: E402


def _html(paragraphs: list[str]) -> bytes:
    from html import escape

    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Bench</title>"
        "<script>var x = 1;</script></head><body><nav>Home World</nav><article>"
        f"{body}</article><footer>Footer</footer></body></html>"
    ).encode()


def _pdf(paragraphs: list[str]) -> bytes:
    lines: list[str] = []
    for paragraph in paragraphs:
        latin = paragraph.encode("latin-1", "replace").decode("latin-1")
        lines.extend([*textwrap.wrap(latin, 90), ""])
    pages = [lines[i : i + 45] for i in range(0, len(lines), 45)]
    return make_pdf(pages)


def _best(path: Path, repeat: int) -> tuple[float, Document]:
    best, document = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        (document,) = list(load(str(path), max_bytes=50 * 1024 * 1024))
        best = min(best, time.perf_counter() - started)
    assert isinstance(document, Document), document
    return best, document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    text = "\n\n".join([seed.strip()] * args.copies)
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "txt": Path(folder) / "doc.txt",
            "html": Path(folder) / "doc.html",
            "pdf": Path(folder) / "doc.pdf",
            "docx": Path(folder) / "doc.docx",
        }
        files["txt"].write_text(text, encoding="utf-8")
        files["html"].write_bytes(_html(paragraphs))
        files["pdf"].write_bytes(_pdf(paragraphs))
        files["docx"].write_bytes(make_docx(paragraphs))
        for path in files.values():  # warm-up: imports of the parsers are not counted
            list(load(str(path), max_bytes=50 * 1024 * 1024))
        timings = {name: _best(path, args.repeat) for name, path in files.items()}
        sizes = {name: path.stat().st_size for name, path in files.items()}
    from claimtrack.offline.extractor import OfflineExtractor

    extractor = OfflineExtractor()
    extractor.extract(Document(text=seed, source="warm-up"))
    started = time.perf_counter()
    extractor.extract(timings["txt"][1])
    extraction = time.perf_counter() - started
    baseline = timings["txt"][0]
    print(f"{len(text):,} characters ({args.copies} copies of the seed); best of {args.repeat}")
    print(f"{'format':<6} {'file KiB':>9} {'text chars':>11} {'load ms':>9} {'x txt':>8}")
    for name, (seconds, document) in timings.items():
        print(
            f"{name:<6} {sizes[name] / 1024:>9.0f} {len(document.text):>11,} "
            f"{seconds * 1000:>9.1f} {seconds / baseline:>8.1f}"
        )
    print(f"offline extraction of the same text: {extraction * 1000:.0f} ms")


if __name__ == "__main__":
    main()
