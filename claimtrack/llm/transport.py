"""openai's per-call request work, kept off the hot path of a batch.

Before sending, openai's ``chat.completions.create`` copies every argument through a typed
transform that walks each nested value against the parameter types (the tool schema, 5 KB of
JSON, included) and looks up the type hints of some forty parameters, though for what
claimtrack sends it changes nothing: the messages, the tool schema, the response format,
model, temperature and token limit are plain JSON already. Profiled against a server that
answers at once, that walk was the largest single part of the client's CPU per call
(``bench/README.md``). ``send_as_json`` makes the client post those arguments as they are,
through the same ``/chat/completions`` request openai builds (its headers, retries, timeouts,
Azure's paths and error types unchanged); anything else — a stream, an argument not in
``_PLAIN`` — still goes through openai's own ``create``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import openai

__all__ = ["send_as_json"]

# Arguments that are JSON as given, and that claimtrack (through instructor) sends.
_PLAIN = frozenset(
    {"messages", "model", "tools", "tool_choice", "response_format", "max_tokens", "temperature"}
)


def send_as_json(client: openai.OpenAI) -> None:
    """Make ``client.chat.completions.create`` post plain JSON arguments as they are (for this
    client only; build instructor on the client afterwards)."""
    from openai import Stream
    from openai._base_client import make_request_options
    from openai.types.chat import ChatCompletion, ChatCompletionChunk

    completions = client.chat.completions
    create = completions.create

    @functools.wraps(create)
    def create_as_json(**kwargs: Any) -> Any:
        if not _PLAIN.issuperset(kwargs) or "messages" not in kwargs or "model" not in kwargs:
            return create(**kwargs)
        return completions._post(
            "/chat/completions",
            body=kwargs,
            options=make_request_options(),
            cast_to=ChatCompletion,
            stream=False,
            stream_cls=Stream[ChatCompletionChunk],
        )

    completions.create = create_as_json  # type: ignore[method-assign]
