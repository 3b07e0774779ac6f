"""Document text made safe for a terminal: controls shown as marks, markup escaped."""

from claimtrack.terminal import escape, visible


def test_controls_and_bidi_marks_are_made_visible_and_the_rest_is_kept():
    assert visible("a\x1b[2Jb\u202ec\x07\x9b") == "a[U+001B][2Jb[U+202E]c[U+0007][U+009B]"
    kept = "Tab\there\nnext line: café, 東京, emoji 🙂, no-break\u00a0space"
    assert visible(kept) == kept


def test_rich_markup_in_a_document_is_printed_as_it_is():
    from rich.console import Console

    console = Console(record=True, width=200, color_system=None)
    console.print(escape("[bold]not bold[/bold] \x1b]0;title\x07"))
    assert console.export_text().strip() == "[bold]not bold[/bold] [U+001B]]0;title[U+0007]"
