"""A JSON schema that OpenAI's strict structured outputs accept, for ``--mode json_schema``.

A server that enforces a schema (``response_format`` of type ``json_schema`` with
``"strict": true``) accepts only a subset of JSON Schema: every object lists each of its
properties as required and sets ``additionalProperties: false``; an optional value is a type
union with ``null``; there is no ``oneOf``, ``discriminator``, ``default`` or ``const``, and
only some keywords besides (``STRICT_KEYWORDS``). The answer models of ``claimtrack.llm.schema``
are a discriminated union of claim kinds; here that union becomes one object with every field of
every kind: ``kind`` an enum, a field every kind requires with its own type, every other field
nullable. A null for a field that the answer's kind has a default for reads as that default
(``schema._Extracted``), so the same models validate the answer.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

__all__ = ["STRICT_KEYWORDS", "mark_strict", "strict_json_schema", "strict_model"]

# Every keyword a strict schema may carry (what OpenAI documents as supported in strict mode).
STRICT_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "description",
        "anyOf",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "title",  # kept at the root only: instructor names the schema after it
    }
)
_ONE_OF_A_KIND = "One claim. `kind` says which it is; fields that its kind does not have are null."


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema, rewritten to what strict structured outputs accept."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})
    return {"title": schema.get("title", model.__name__), **_strict(schema, definitions)}


@lru_cache(maxsize=8)
def strict_model(model: type[BaseModel]) -> type[BaseModel]:
    """A subclass of ``model`` (same name, same validation) whose JSON schema is the strict
    one: what instructor's json_schema mode sends for it."""
    schema = strict_json_schema(model)

    def model_json_schema(cls: type[BaseModel], *args: Any, **kwargs: Any) -> dict[str, Any]:
        return copy.deepcopy(schema)

    namespace = {"model_json_schema": classmethod(model_json_schema), "__doc__": model.__doc__}
    return type(model.__name__, (model,), namespace)


def _strict(node: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return _strict(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions)
    variants = node.get("oneOf") or node.get("anyOf")
    if variants:
        members = [_strict(member, definitions) for member in variants]
        if all(member.get("type") == "object" for member in members):
            return _merged(members, node.get("description") or _ONE_OF_A_KIND)
        types = [member.get("type") for member in members]
        if all(isinstance(t, str) for t in types) and all(len(m) == 1 for m in members):
            return _described({"type": types}, node)
        return _described({"anyOf": members}, node)
    out = {key: value for key, value in node.items() if key in STRICT_KEYWORDS - {"title"}}
    if "const" in node:
        out["enum"] = [node["const"]]
    if node.get("type") == "object":
        required = set(node.get("required", ()))
        properties = {
            name: _strict(value, definitions)
            if name in required
            else _nullable(_strict(value, definitions))
            for name, value in node.get("properties", {}).items()
        }
        out.update(properties=properties, required=list(properties), additionalProperties=False)
    if "items" in node:
        out["items"] = _strict(node["items"], definitions)
    return out


def _merged(members: list[dict[str, Any]], description: str) -> dict[str, Any]:
    """One object for a union of objects: a property every member has, and none has
    nullable, keeps its type; the others are nullable; enums (``kind``) are joined."""
    properties: dict[str, dict[str, Any]] = {}
    everywhere: dict[str, int] = {}
    for member in members:
        for name, value in member["properties"].items():
            everywhere[name] = everywhere.get(name, 0) + 1
            if name not in properties:
                properties[name] = copy.deepcopy(value)
            elif "enum" in value and "enum" in properties[name]:
                joined = properties[name]["enum"] + value["enum"]
                properties[name]["enum"] = list(dict.fromkeys(joined))
    for name, value in properties.items():
        if everywhere[name] < len(members):
            properties[name] = _nullable(value)
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    out = dict(node)
    if "anyOf" in out:
        if {"type": "null"} not in out["anyOf"]:
            out["anyOf"] = [*out["anyOf"], {"type": "null"}]
        return out
    kind = out.get("type")
    types = kind if isinstance(kind, list) else [kind] if kind else []
    if "null" not in types:
        out["type"] = [*types, "null"]
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    return out


def _described(out: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    if "description" in node:
        out["description"] = node["description"]
    return out


def mark_strict(*args: Any, **kwargs: Any) -> None:
    """instructor hook, before each request in ``json_schema`` mode: mark the response format
    strict (instructor sends it without ``strict``; the schema sent is the strict one)."""
    response_format = kwargs.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        response_format["json_schema"]["strict"] = True
