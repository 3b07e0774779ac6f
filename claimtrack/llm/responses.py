"""Response models named before they are imported, and their JSON schemas as they are sent.

Every request carries its response model's JSON schema (as a tool, as a response format, or in
words in the system message: ``claimtrack.llm.modes``), and its identity carries the schema's
hash. Both come from pydantic (``model_json_schema``); with the claim models under the
extractor's ``Extraction``, importing and building them took ~0.1 s of CPU, before which a run
could send nothing. So a response model can be named — ``NamedModel``: its module and class —
and its schemas read from ``claimtrack/data/response_schemas.json``; the class is imported when
the first answer is read (an LLM run imports it while its first calls are out). That file is
written from the models themselves (``python -m claimtrack.llm.responses``), and the tests check
that it holds what the models generate, key order included, so it cannot drift from them. A
class given as it is (a judge's, a test's) has its schemas computed from it, once.
"""

from __future__ import annotations

import importlib
import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "SHIPPED",
    "SHIPPED_FILE",
    "NamedModel",
    "Schemas",
    "computed",
    "resolve",
    "schemas",
    "tool_schema",
]

M = TypeVar("M", bound="BaseModel")

SHIPPED_FILE = Path(__file__).resolve().parent.parent / "data" / "response_schemas.json"


@dataclass(frozen=True)
class NamedModel(Generic[M]):
    """A pydantic response model named by its module and class, imported on first use."""

    module: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.module}:{self.name}"

    def load(self) -> type[M]:
        return cast("type[M]", getattr(importlib.import_module(self.module), self.name))


# The response models whose schemas ship in SHIPPED_FILE.
SHIPPED: tuple[NamedModel[Any], ...] = (NamedModel("claimtrack.llm.schema", "Extraction"),)


@dataclass(frozen=True)
class Schemas:
    """What is sent of one response model: its name, its JSON schema (``plain``), the strict
    form of it that ``--mode json_schema`` sends (``claimtrack.llm.strict``), and the function
    that ``--mode tools`` sends (``claimtrack.llm.modes.tool_schema``). Shared: never changed."""

    name: str
    plain: dict[str, Any]
    strict: dict[str, Any]
    tool: dict[str, Any]

    def as_data(self) -> dict[str, Any]:
        return {"name": self.name, "plain": self.plain, "strict": self.strict, "tool": self.tool}


def resolve(model: type[M] | NamedModel[M]) -> type[M]:
    """The class of a response model (imported now when it is named)."""
    return model.load() if isinstance(model, NamedModel) else model


_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def schemas(model: type[BaseModel] | NamedModel[Any]) -> Schemas:
    """The schemas of ``model``: shipped ones for a named model that ships them, else computed
    from its class."""
    if isinstance(model, NamedModel):
        found = _shipped().get(model.key)
        if found is not None:
            return found
    with _LOCK:  # pydantic builds a class's schema once; threads wait for it, not redo it
        return computed(resolve(model))


def computed(model: type[BaseModel]) -> Schemas:
    """The schemas of ``model``, from pydantic (imports what it takes)."""
    from claimtrack.llm.strict import strict_json_schema

    return Schemas(
        model.__name__, model.model_json_schema(), strict_json_schema(model), tool_schema(model)
    )


def tool_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model`` as an OpenAI function: its name, its description (the docstring) and its JSON
    schema as the parameters; a parameter the docstring documents (``Args:``...) and the
    schema does not describe takes the docstring's words."""
    schema = model.model_json_schema()
    parameters = {k: v for k, v in schema.items() if k not in ("title", "description")}
    documented = _documented(model.__doc__ or "", short="description" not in schema)
    for name, description in documented.params:
        properties = parameters.get("properties", {})
        if name in properties and description and "description" not in properties[name]:
            properties[name]["description"] = description
    parameters["required"] = sorted(schema.get("required", []))
    if "description" not in schema:
        schema["description"] = (
            documented.short
            or f"Correctly extracted `{model.__name__}` with all the required parameters "
            "with correct types"
        )
    return {"name": schema["title"], "description": schema["description"], "parameters": parameters}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Schemas]:
    try:
        data = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # not shipped (a broken install): computed instead
    return {key: Schemas(**value) for key, value in data.items()}


@dataclass(frozen=True)
class _Docstring:
    short: str | None
    params: tuple[tuple[str, str | None], ...]


# A docstring with none of these marks documents no parameter (docstring_parser reads
# Google, reST, Numpydoc and Epydoc styles, all of which need one), so it is not parsed.
_MAY_DOCUMENT = re.compile(r":|@|-{3}")


def _documented(docstring: str, *, short: bool) -> _Docstring:
    """The documented parameters of a docstring (and its short description when ``short``),
    as instructor read them: with docstring_parser, imported only when there is something
    for it to find."""
    if not docstring.strip() or not (short or _MAY_DOCUMENT.search(docstring)):
        return _Docstring(None, ())
    from docstring_parser import parse

    parsed = parse(docstring)
    params = tuple((p.arg_name, p.description) for p in parsed.params)
    return _Docstring(parsed.short_description, params)


def shipped_text() -> str:
    """What SHIPPED_FILE holds: the schemas of every model in SHIPPED, computed now."""
    data = {named.key: computed(named.load()).as_data() for named in SHIPPED}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    """Write SHIPPED_FILE from the models (after a change to one of them)."""
    SHIPPED_FILE.write_text(shipped_text(), encoding="utf-8")
    print(f"wrote {SHIPPED_FILE}")


if __name__ == "__main__":
    main()
