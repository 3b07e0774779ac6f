"""A chat completion as the server sends it, read by pydantic's compiled validator.

Only what claimtrack reads is declared — the first choice's message (its content, tool calls,
refusal), why it finished, and the token counts —; every other field a server sends is kept
as it came (``extra="allow"``), so a message sent back to the model with a re-ask carries what
the model said, extras and all, in the order openai's own types dump it (declared fields
first: a tool call's ``id``, ``function``, ``type``; a function's ``arguments``, ``name``).
Every field may be missing or null: a server that leaves one out is still read (openai's
client read those leniently too), and what is missing is a validation error later, not here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["Completion", "Message", "read_completion"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Function(_Open):
    arguments: Any = None
    name: Any = None


class ToolCall(_Open):
    id: Any = None
    function: Function | None = None
    type: Any = None


class Message(_Open):
    content: Any = None
    refusal: Any = None
    role: Any = None
    function_call: Function | None = None
    tool_calls: list[ToolCall] | None = None


class Choice(_Open):
    finish_reason: Any = None
    index: Any = None
    message: Message | None = None


class Usage(_Open):
    prompt_tokens: Any = None  # counts as the server wrote them (``tokens`` reads them)
    completion_tokens: Any = None

    def tokens(self) -> tuple[int, int]:
        """Prompt and completion tokens (0 for a count that is missing or not a number)."""
        return _count(self.prompt_tokens), _count(self.completion_tokens)


class Completion(_Open):
    choices: list[Choice] | None = None
    usage: Usage | None = None


def _count(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def read_completion(data: bytes) -> Completion:
    """The completion in an answer's body (``ValueError`` when it is not a JSON object that
    fits the shape)."""
    return Completion.model_validate_json(data)
