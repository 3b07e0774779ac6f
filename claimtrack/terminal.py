"""Text from documents made safe to print on a terminal with rich.

Documents are untrusted: an escape sequence in one (clear the screen, set the window title, a
hidden hyperlink, write to the clipboard) or a bidirectional control must not act on the user's
terminal. Such characters are shown as visible marks, ``[U+001B]``, as the review desk does, and
rich markup in the text is escaped so that it is printed as it is.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with control characters as marks (``[U+001B]``); nothing else changed."""
    return _INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def escape(text: str) -> str:
    """``text`` ready for rich's ``print``: controls made visible, markup escaped."""
    from rich.markup import escape as escape_markup

    return escape_markup(visible(text))
