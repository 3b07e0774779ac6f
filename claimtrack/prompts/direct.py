"""Rendering the extraction template without Jinja2.

An LLM run renders its prompt template for every chunk, the first ones before its first call:
importing Jinja2 and compiling a template took ~20 ms of CPU of that start. ``renderer`` reads
a template body and, when its tags are those of the built-in ``extract-claims`` template —
the same tags in the same order, whatever the words between them — gives a function that writes
what Jinja2 writes for the values the LLM extractor passes (``document.published``,
``chunk.text``, ``chunk.number``, ``chunk.total``, ``boundary``) and for examples that are a
list of mappings with a ``text`` and ``claims`` (the tests compare the two on generated
documents). For any other template, or values of other types, it gives ``None``, and Jinja2
renders.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["renderer"]

# The tags of extract-claims, in order (and none else: no comment, no whitespace control).
EXTRACT_TAGS = (
    "{% if examples %}",
    "{% for example in examples %}",
    "{{ example.text }}",
    "{{ example.claims | tojson }}",
    "{% endfor %}",
    "{% endif %}",
    "{% if document.published %}",
    "{{ document.published }}",
    "{% endif %}",
    "{% if chunk.total > 1 %}",
    "{{ chunk.number }}",
    "{{ chunk.total }}",
    "{% endif %}",
    "{{ boundary }}",
    "{{ boundary }}",
    "{{ boundary }}",
    "{{ chunk.text }}",
    "{{ boundary }}",
)
_TAG = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\})", re.DOTALL)
_OPENERS = ("{%", "{{", "{#", "#}", "%}", "}}")

Render = Callable[[Mapping[str, Any]], str | None]


def renderer(body: str, examples: Any) -> Render | None:
    """A function of the template's values giving what Jinja2 renders for them (``None`` for
    values it does not take), or ``None`` for a body it does not render."""
    pieces = _TAG.split(body)
    literals, tags = pieces[0::2], tuple(pieces[1::2])
    if tags != EXTRACT_TAGS or "\r" in body:
        return None
    if any(opener in literal for literal in literals for opener in _OPENERS):
        return None  # a stray delimiter: Jinja2 would read it otherwise
    shown = _examples(literals, examples)
    if shown is None:
        return None
    (_, _, _, _, _, _, after_examples, published, after_published, before_part, part, of,
     of_whole, between, and_, closing, opened, text_end, end) = literals  # fmt: skip

    def render(values: Mapping[str, Any]) -> str | None:
        document, chunk = values.get("document"), values.get("chunk")
        boundary = values.get("boundary")
        if set(values) != {"document", "chunk", "boundary"} or not isinstance(boundary, str):
            return None
        if not isinstance(document, dict) or not isinstance(chunk, dict):
            return None
        date, text = document.get("published", _MISSING), chunk.get("text")
        number, parts = chunk.get("number"), chunk.get("total")
        if not (date is None or isinstance(date, str)) or not isinstance(text, str):
            return None
        if type(number) is not int or type(parts) is not int:
            return None
        out = [shown, after_examples]
        if date:
            out += [published, date, after_published]
        out.append(before_part)
        if parts > 1:
            out += [part, str(number), of, str(parts), of_whole]
        out += [between, boundary, and_, boundary, closing, boundary, opened, text, text_end]
        out += [boundary, end]
        return "".join(out)

    return render


_MISSING = object()


def _examples(literals: list[str], examples: Any) -> str | None:
    """The template's text up to the end of its examples block, for these examples (``None``
    when they are not a list of mappings whose ``text`` and ``claims`` Jinja2 would read as
    items)."""
    head, opened, each, claims, after, closed = literals[:6]
    if not isinstance(examples, list):
        return None
    out = [head]
    if examples:
        out.append(opened)
        for example in examples:
            if type(example) is not dict or not {"text", "claims"} <= set(example):
                return None
            out += [each, str(example["text"]), claims, _tojson(example["claims"]), after]
        out.append(closed)
    return "".join(out)


def _tojson(value: Any) -> str:
    """Jinja2's ``tojson`` filter: JSON with sorted keys, HTML-safe."""
    return (
        json.dumps(value, sort_keys=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )
