"""YAML read with the package's own files parsed ahead of time.

The built-in prompt templates' headers and few-shot examples and the built-in price table are
YAML, read at the start of every LLM run: importing PyYAML and running its pure-Python parser
took ~16 ms of CPU before a run's first call. ``safe_load`` gives, for a text the package ships,
what ``yaml.safe_load`` gives for it — read from ``claimtrack/data/parsed_yaml.json``, written
from the files themselves by ``python -m claimtrack.parsed_yaml`` and checked by the tests,
keyed by the SHA-256 of the text —, and parses any other text (a user's template or price
table, an edited built-in file) with PyYAML, imported then. Only what JSON holds exactly
(strings, numbers, booleans, null, lists, mappings with string keys) is kept ahead.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["PARSED_FILE", "safe_load", "yaml_error"]

PACKAGE = Path(__file__).resolve().parent
PARSED_FILE = PACKAGE / "data" / "parsed_yaml.json"


def safe_load(text: str | bytes) -> Any:
    """``yaml.safe_load(text)``: a new object each call, as PyYAML gives."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    found = _parsed().get(hashlib.sha256(raw).hexdigest())
    if found is not None:
        return json.loads(found)
    import yaml

    return yaml.safe_load(text)


def yaml_error() -> type[Exception]:
    """PyYAML's error class (imported now): for ``except yaml_error() as error``, evaluated
    only when something was raised."""
    import yaml

    return yaml.YAMLError


@lru_cache(maxsize=1)
def _parsed() -> dict[str, str]:
    try:
        data = json.loads(PARSED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # not shipped (a broken install): everything is parsed
    return {key: json.dumps(value, ensure_ascii=False) for key, value in data.items()}


def shipped_texts() -> list[str]:
    """The YAML texts of the package's own files, as their readers pass them to ``safe_load``:
    each prompt template's header and examples file (``claimtrack.prompts``) and the price
    table (``claimtrack.llm.costs``)."""
    texts = []
    for path in sorted((PACKAGE / "prompts").glob("*.j2")):
        text = path.read_bytes().decode("utf-8")
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            texts.append(text[4:].split("\n---\n", 1)[0])
    for path in sorted((PACKAGE / "prompts" / "examples").glob("*.yaml")):
        texts.append(path.read_bytes().decode("utf-8"))
    texts.append((PACKAGE / "data" / "prices.yaml").read_text(encoding="utf-8"))
    return texts


def exactly_json(value: Any) -> bool:
    """Whether JSON gives ``value`` back exactly: the same types all the way down."""
    if value is None or isinstance(value, (str, bool)):
        return True
    if type(value) in (int, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, list):
        return all(exactly_json(item) for item in value)
    if type(value) is dict:
        return all(isinstance(k, str) and exactly_json(v) for k, v in value.items())
    return False


def parsed_text() -> str:
    """What PARSED_FILE holds: each shipped text that JSON holds exactly, parsed by PyYAML."""
    import yaml

    data = {}
    for text in shipped_texts():
        value = yaml.safe_load(text)
        if exactly_json(value):
            data[hashlib.sha256(text.encode("utf-8")).hexdigest()] = value
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"  # in the texts' order


def main() -> None:
    """Write PARSED_FILE from the package's files (after one of them changed)."""
    PARSED_FILE.write_text(parsed_text(), encoding="utf-8")
    print(f"wrote {PARSED_FILE}")


if __name__ == "__main__":
    main()
