"""What each ``--mode`` sends, how its answer is read, and what a re-ask adds: the chat
completion requests claimtrack makes, built here without instructor or openai.

Until this module, instructor 1.17 (on openai's client) built every request, and the recorded
cassettes (``fixtures/cassettes``) are matched on the request body's bytes; so this builds, byte
for byte, the bodies instructor built for the same arguments (``tests/test_llm_modes.py``
compares them with instructor's own handlers):

- ``tools`` (the default): the response model's JSON schema as the one tool the model must
  call (``tools`` and ``tool_choice``); the answer is the tool call's arguments.
- ``json_schema``: the schema as ``response_format`` of type ``json_schema``, marked strict
  (the schema sent is the strict one, ``claimtrack.llm.strict``); the answer is the message.
- ``json``: ``response_format`` ``json_object``, and the schema written into the system
  message; the answer is the message.

The schemas sent come from ``claimtrack.llm.responses`` (shipped with the package for the
extractor's model, so that a request is built before pydantic is imported; pydantic reads the
answers). Keys go in instructor's order (``messages``, ``model``, ``temperature``,
``max_tokens``, then the mode's fields) and the JSON is written as openai wrote it (no ASCII
escaping, no spaces).
An answer that does not validate is asked again with what the model said and what was wrong
with it (the pydantic error, as instructor worded it): in ``tools`` mode a ``tool`` message for
each tool call, else a user message asking to correct the JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from textwrap import dedent
from typing import TYPE_CHECKING, Any

from claimtrack.llm.responses import NamedModel, resolve, schemas
from claimtrack.llm.responses import tool_schema as tool_schema  # (the tests import it here)

if TYPE_CHECKING:
    from pydantic import BaseModel

    from claimtrack.llm.completion import Completion, Message

__all__ = [
    "Asking",
    "Truncated",
    "Unreadable",
    "answer_text",
    "asking",
    "first_messages",
    "reask_messages",
    "request_body",
    "tool_schema",
]


class Truncated(Exception):
    """The answer was cut off at its token limit (``finish_reason`` ``length``)."""


class Unreadable(Exception):
    """An answer that cannot be read and that asking again would not mend (no choices, a
    refusal): the call ends there, as instructor ended it."""


@dataclass(frozen=True)
class Asking:
    """How one response model is asked for in one mode (built once per pair)."""

    mode: str
    response_model: type[BaseModel] | NamedModel[Any]
    fields: bytes  # the mode's fields of the body, as JSON without their braces
    instruction: str | None = None  # json mode: what is added to the system message

    @property
    def model(self) -> type[BaseModel]:
        """The model that validates the answer (imported now when it is named): in
        ``json_schema`` mode, its strict subclass (``claimtrack.llm.strict``)."""
        model: type[BaseModel] = resolve(self.response_model)
        if self.mode == "json_schema":
            from claimtrack.llm.strict import strict_model

            return strict_model(model)
        return model


@lru_cache(maxsize=64)
def asking(model: type[BaseModel] | NamedModel[Any], mode: str) -> Asking:
    """What ``mode`` adds to a request for ``model``, from its schemas
    (``claimtrack.llm.responses``: shipped ones for a named model, so that nothing of pydantic
    is needed to build a request): in ``json_schema`` mode, its strict schema."""
    if mode not in ("tools", "json_schema", "json"):
        raise ValueError(f"unknown mode {mode!r}")
    sent = schemas(model)
    if mode == "tools":
        fields: dict[str, Any] = {
            "tools": [{"type": "function", "function": sent.tool}],
            "tool_choice": {"type": "function", "function": {"name": sent.tool["name"]}},
        }
        return Asking(mode, model, _encode(fields)[1:-1])
    if mode == "json_schema":
        response_format = {
            "type": "json_schema",
            "json_schema": {"name": sent.name, "schema": sent.strict, "strict": True},
        }
        return Asking(mode, model, _encode({"response_format": response_format})[1:-1])
    fields = {"response_format": {"type": "json_object"}}
    return Asking(mode, model, _encode(fields)[1:-1], _json_instruction(sent.plain))


def first_messages(ask: Asking, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages of a call's first request (in ``json`` mode, with the schema written into
    the system message)."""
    if ask.instruction is not None:
        copied = [dict(message) for message in messages]
        if copied and copied[0].get("role") != "system":
            copied.insert(0, {"role": "system", "content": ask.instruction})
        elif copied and isinstance(copied[0].get("content"), str):
            copied[0]["content"] += f"\n\n{ask.instruction}"
        elif copied and isinstance(copied[0].get("content"), list):
            copied[0]["content"] = [dict(part) for part in copied[0]["content"]]
            copied[0]["content"][0]["text"] += f"\n\n{ask.instruction}"
        else:
            copied.insert(0, {"role": "system", "content": ask.instruction})
        messages = _merged(copied)
    return [_converted(message) for message in messages]


def request_body(
    ask: Asking,
    messages: list[dict[str, Any]],
    *,
    model: str,
    temperature: float,
    max_tokens: int,
) -> bytes:
    """The request's JSON, as bytes: the same bytes openai sent for instructor."""
    return b"".join(
        (
            b'{"messages":',
            _encode(messages),
            b',"model":',
            _encode(model),
            b',"temperature":',
            _encode(temperature),
            b',"max_tokens":',
            _encode(max_tokens),
            b",",
            ask.fields,
            b"}",
        )
    )


def answer_text(ask: Asking, completion: Completion) -> str:
    """The JSON the model answered with: a tool call's arguments, or the message.

    ``Truncated`` for an answer cut off at its token limit; ``Unreadable`` when there is
    nothing to ask again about; ``ValueError`` (asked again) when the answer is not where the
    mode puts it."""
    choices = completion.choices
    if choices and choices[0].finish_reason == "length":
        raise Truncated
    if not choices:
        raise Unreadable("no choices in the answer")
    message = choices[0].message
    if message is None:
        raise Unreadable("no message in the answer")
    if ask.mode != "tools":
        return message.content or ""
    if message.refusal is not None:
        raise Unreadable(f"Unable to generate a response due to {message.refusal}")
    if message.tool_calls:
        function = message.tool_calls[0].function
        return _arguments(None if function is None else function.arguments)
    if message.function_call is not None:
        return _arguments(message.function_call.arguments)
    raise ValueError("No tool calls or function call found in response (mode: TOOLS)")


def reask_messages(ask: Asking, completion: Completion, error: Exception) -> list[dict[str, Any]]:
    """What is added to the conversation to ask again after ``error``: the model's message,
    and what was wrong with it (``Unreadable`` when the answer has no message to send back)."""
    try:
        message = (completion.choices or [])[0].message
    except IndexError:
        raise Unreadable("no choices in the answer") from error
    if message is None:
        raise Unreadable("no message in the answer") from error
    if ask.mode == "tools":
        said = f"Validation Error found:\n{error}\nRecall the function correctly, fix the errors"
        added = [_dumped(message)]
        if not message.tool_calls:
            added.append({"role": "user", "content": said})
        for call in message.tool_calls or []:
            name = None if call.function is None else call.function.name
            added.append({"role": "tool", "tool_call_id": call.id, "name": name, "content": said})
        return added
    return [
        _dumped(message),
        {
            "role": "user",
            "content": f"Correct your JSON ONLY RESPONSE, based on the following errors:\n{error}",
        },
    ]


def _arguments(arguments: Any) -> str:
    if arguments is None:
        raise ValueError("Tool call arguments missing in response (mode: TOOLS)")
    if isinstance(arguments, str):
        return arguments
    try:
        return json.dumps(arguments)
    except TypeError as error:
        raise ValueError("Tool call arguments must be JSON-serializable (mode: TOOLS)") from error


def _dumped(message: Message) -> dict[str, Any]:
    """The model's message as it is sent back: role, content (empty for none), tool calls."""
    dumped: dict[str, Any] = {"role": message.role, "content": message.content or ""}
    if message.tool_calls is not None:
        dumped["tool_calls"] = [call.model_dump() for call in message.tool_calls]
    if message.function_call is not None:
        if not isinstance(dumped["content"], str):
            dumped["content"] = "".join(
                str(part.get("text", "") if part.get("type") == "text" else part.get("refusal", ""))
                for part in dumped["content"]
                if isinstance(part, dict) and part.get("type") in ("text", "refusal")
            )
        dumped["content"] += json.dumps(message.function_call.model_dump())
    return dumped


def _converted(message: dict[str, Any]) -> dict[str, Any]:
    """A message with ``role`` and ``content`` first, and text parts typed."""
    content = message["content"] or []
    others = {k: v for k, v in message.items() if k not in ("role", "content", "type")}
    if not isinstance(content, str):
        content = [
            {"type": "text", "text": part} if isinstance(part, str) else part for part in content
        ]
    return {"role": message["role"], "content": content, **others}


def _merged(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Neighbouring plain messages of one role as one (what instructor does in json mode)."""
    flat = all(isinstance(m.get("content", ""), str) for m in messages)
    merged: list[dict[str, Any]] = []
    for message in messages:
        role = message.get("role", "user")
        content = message.get("content", "")
        plain = set(message).issubset({"role", "content"})
        if content is None:
            content = ""
        elif isinstance(content, list):
            content = list(content)
        if not flat and isinstance(content, str):
            content = [{"type": "text", "text": content}]
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and role == previous["role"]
            and plain
            and set(previous).issubset({"role", "content"})
        ):
            if flat:
                previous["content"] += f"\n\n{content}"
            elif isinstance(content, list):
                previous["content"].extend(content)
            else:
                previous["content"].append(content)
        else:
            copied = dict(message)
            copied.update(role=role, content=content)
            merged.append(copied)
    return merged


def _json_instruction(schema_of_model: dict[str, Any]) -> str:
    schema = json.dumps(schema_of_model, indent=2, ensure_ascii=False)
    indent = " " * 12
    return dedent(
        f"\n{indent}As a genius expert, your task is to understand the content and provide\n"
        f"{indent}the parsed objects in json that match the following json_schema:\n\n\n"
        f"{indent}{schema}\n\n"
        f"{indent}Make sure to return an instance of the JSON, not the schema itself\n"
        f"{indent}"
    )


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
