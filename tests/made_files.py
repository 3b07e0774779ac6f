"""Small documents in the formats claimtrack reads, made here so that no fixture is anyone's
page: a text PDF written object by object (one Helvetica text stream a page), a PDF with no
text layer, a DOCX written with python-docx, and news-like HTML pages."""

from __future__ import annotations

import io


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], *, title: str | None = None) -> bytes:
    """A PDF whose pages carry these lines of text (Latin-1 only), in Helvetica; a page with no
    lines has no text layer at all."""
    objects: list[bytes] = []
    count = len(pages)
    page_ids = [4 + 2 * i for i in range(count)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{n} 0 R" for n in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for lines in pages:
        content = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(
            f"({_pdf_string(line)}) Tj T*" for line in lines
        )
        stream = (content + " ET").encode("latin-1") if lines else b""
        contents_id = len(objects) + 2
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << "
            f"/F1 3 0 R >> >> /Contents {contents_id} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = ""
    if title is not None:
        objects.append(f"<< /Title ({_pdf_string(title)}) /Author (A. Writer) >>".encode())
        info = f" /Info {len(objects)} 0 R"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\n"
    out.write(f"{trailer}startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(
    paragraphs: list[str], *, title: str | None = None, table: list[list[str]] | None = None
) -> bytes:
    import docx

    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
        document.core_properties.author = "A. Writer"
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
        document.add_paragraph("After the table.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


ARTICLE_TEXT = (
    "On May 1, the foreign ministers of Portugal and Spain met in Lisbon to sign a "
    "water-sharing agreement."
)
QUOTE_TEXT = "This is a historic day for both our countries"


def make_article_html(*, charset: str = "utf-8", extra: str = "") -> bytes:
    """A news-like page made up here: navigation, a script and a style in the head and body,
    the article, comments and a footer; ``extra`` is added as a paragraph of the article."""
    page = f"""<!doctype html><html><head><meta charset="{charset}">
<title>Ministers meet in Lisbon | The Daily Test</title>
<meta name="author" content="Ana Reporter">
<meta property="og:url" content="https://news.example.org/2024/05/ministers">
<meta property="article:published_time" content="2024-05-02T10:00:00Z">
<style>body {{ color: red }} .x:after {{ content: "STYLE TEXT" }}</style>
<script>var secret = "SCRIPT TEXT"; alert(1)</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> NAVIGATION TEXT</nav>
<article><h1>Ministers meet in Lisbon</h1>
<p>{ARTICLE_TEXT}</p>
<p>&ldquo;{QUOTE_TEXT},&rdquo; said Maria Silva, the Portuguese minister.</p>
<script>document.write("INLINE SCRIPT TEXT")</script>
<p>The treaty will enter into force on June 1, 2024, after ratification by both parliaments.</p>
{f"<p>{extra}</p>" if extra else ""}
</article>
<div class="comments" id="comments"><h3>Comments</h3><p>COMMENT TEXT great article</p></div>
<footer>FOOTER TEXT Copyright</footer>
</body></html>"""
    return page.encode(charset, errors="xmlcharrefreplace")
