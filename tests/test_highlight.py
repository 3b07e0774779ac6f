"""Spans shown in their text: escaped, overlapping marks nested, ungrounded spans said so."""

from hypothesis import given
from hypothesis import strategies as st

from claimtrack.highlight import Mark, in_context, marked, sentence_window

TEXT = 'First one. Then <script>alert("x")</script> & more. Last one here.'


def test_everything_from_the_document_is_escaped():
    start = TEXT.index("<script>")
    html = str(in_context(TEXT, Mark(start, start + 8, "exact", 'a "title" <b>')))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&amp; more" in html
    assert 'title="a &#34;title&#34; &lt;b&gt;' in html


def test_the_span_is_marked_inside_its_sentences():
    start = TEXT.index("Then")
    end = TEXT.index(" more.") + len(" more.")
    html = str(in_context(TEXT, Mark(start, end, "fuzzy"), around=0))
    assert html.count('<mark class="ct-span ct-fuzzy"') == 1
    assert "First one" not in html and "Last one" not in html
    around = str(in_context(TEXT, Mark(start, end, "exact"), around=1))
    assert "First one." in around and "Last one here." in around


def test_an_ungrounded_span_is_never_shown_as_a_highlight():
    html = str(in_context(TEXT, Mark(5, 5, "ungrounded"), claimed="<i>made up</i>"))
    assert "<mark" not in html
    assert "Not found in the document" in html and "&lt;i&gt;made up&lt;/i&gt;" in html


def test_overlapping_marks_nest_without_losing_text():
    marks = [Mark(0, 15, "exact"), Mark(11, 25, "fuzzy")]
    html = str(marked(TEXT, marks, 0, 30))
    assert html.count("<mark") == 4  # exact alone, the overlap (both marks), fuzzy alone
    plain = html
    for tag in (
        '<mark class="ct-span ct-exact" title="found exactly as quoted">',
        '<mark class="ct-span ct-fuzzy" title="found approximately: check the wording">',
        "</mark>",
    ):
        plain = plain.replace(tag, "")
    assert plain == str(marked(TEXT, [], 0, 30))


def test_window_reaches_whole_sentences():
    start = TEXT.index("alert")
    left, right = sentence_window(TEXT, start, start + 5, around=0)
    assert TEXT[left:right].startswith("Then") and TEXT[left:right].endswith("more.")


@given(st.text(max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_marked_text_reads_as_the_escaped_text(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    html = str(marked(text, [Mark(start, end, "exact", "t")]))
    stripped = html.replace(
        '<mark class="ct-span ct-exact" title="t — found exactly as quoted">', ""
    )
    stripped = stripped.replace("</mark>", "")
    assert stripped == str(marked(text, []))
