"""Prompt templates: ``*.j2`` files, Jinja2 bodies with a YAML header.

The built-in templates live in this package's folder (``claimtrack/prompts/``, few-shot
examples in ``examples/``) and ship in the wheel as package data, so every install has them.
A template's identity is its name and the SHA-256 of its file (and of its examples file), so
every run and claim records exactly which words were sent. Users add their own templates with
``--prompts-dir`` or ``CLAIMTRACK_PROMPTS`` (folders searched before the built-in one).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.errors import UsageError
from claimtrack.injection import boundary_for
from claimtrack.parsed_yaml import safe_load, yaml_error
from claimtrack.prompts.direct import Render, renderer

if TYPE_CHECKING:
    import jinja2

BUILTIN_DIR = Path(__file__).resolve().parent
SUFFIX = ".j2"


@dataclass(frozen=True)
class PromptTemplate:
    """One prompt template file, parsed."""

    name: str
    version: str
    description: str
    response_model: str
    system: str
    body: str
    path: Path
    hash: str
    examples: list[dict[str, Any]] = field(default_factory=list)
    # What renders it without Jinja2, for the extraction template (claimtrack.prompts.direct)
    direct: Render | None = field(default=None, repr=False, compare=False)

    def render(self, **values: Any) -> list[dict[str, str]]:
        """The chat messages for these values (``document``, ``chunk``).

        ``boundary`` names the tags that wrap the chunk: a name its text does not contain
        (``claimtrack.injection.boundary_for``), so that a document cannot close them early;
        given when the chunk has a text and no boundary is passed.
        """
        chunk = values.get("chunk")
        if "boundary" not in values and isinstance(chunk, dict) and "text" in chunk:
            values["boundary"] = boundary_for(str(chunk["text"]))
        user = None if self.direct is None else self.direct(values)
        if user is None:  # not the extraction template's tags, or other values: Jinja2
            user = _compiled(self.body).render(examples=self.examples, **values)
        return [
            {"role": "system", "content": self.system.strip()},
            {"role": "user", "content": user.strip()},
        ]


@lru_cache(maxsize=32)
def _compiled(body: str) -> jinja2.Template:
    import jinja2

    environment = jinja2.Environment(
        autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    return environment.from_string(body)


def search_path(extra: Sequence[str | Path] = ()) -> list[Path]:
    """Folders to look for templates in: given ones, then $CLAIMTRACK_PROMPTS, then built-in."""
    folders = [Path(p) for p in extra]
    env = os.environ.get("CLAIMTRACK_PROMPTS")
    if env:
        folders.extend(Path(p) for p in env.split(os.pathsep) if p)
    folders.append(BUILTIN_DIR)
    return folders


def read_template(path: Path) -> PromptTemplate:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise UsageError(f"{path}: a prompt template starts with a YAML header between --- lines")
    header_text, body = text[4:].split("\n---\n", 1)
    try:
        header = safe_load(header_text) or {}
    except yaml_error() as error:
        raise UsageError(f"{path}: the header is not valid YAML: {error}") from error
    for key in ("name", "system", "response_model"):
        if key not in header:
            raise UsageError(f"{path}: the header has no {key!r}")
    digest = hashlib.sha256(raw)
    examples: list[dict[str, Any]] = []
    if header.get("examples"):
        examples_path = path.parent / str(header["examples"])
        try:
            examples_raw = examples_path.read_bytes()
        except OSError as error:
            raise UsageError(f"{path}: cannot read examples {examples_path}: {error}") from error
        digest.update(examples_raw)
        examples = safe_load(examples_raw) or []
    return PromptTemplate(
        name=str(header["name"]),
        version=str(header.get("version", "1")),
        description=str(header.get("description", "")),
        response_model=str(header["response_model"]),
        system=str(header["system"]),
        body=body,
        path=path,
        hash=digest.hexdigest()[:16],
        examples=examples,
        direct=renderer(body, examples),
    )


def list_prompts(extra: Sequence[str | Path] = ()) -> list[PromptTemplate]:
    """Every template found, the first of each name winning (user folders before built-in)."""
    seen: dict[str, PromptTemplate] = {}
    for folder in search_path(extra):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            template = read_template(path)
            seen.setdefault(template.name, template)
    return list(seen.values())


def get_prompt(name: str, extra: Sequence[str | Path] = ()) -> PromptTemplate:
    for template in list_prompts(extra):
        if template.name == name:
            return template
    known = ", ".join(t.name for t in list_prompts(extra)) or "none"
    raise UsageError(f"no prompt template named {name!r} (known: {known})")
