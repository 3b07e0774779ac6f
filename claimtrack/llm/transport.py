"""openai's per-call request work, kept off the hot path of a batch — and off its start-up.

Before sending, openai's ``chat.completions.create`` copies every argument through a typed
transform that walks each nested value against the parameter types (the tool schema, 5 KB of
JSON, included) and looks up the type hints of some forty parameters, though for what
claimtrack sends it changes nothing: the messages, the tool schema, the response format,
model, temperature and token limit are plain JSON already. Profiled against a server that
answers at once, that walk was the largest single part of the client's CPU per call
(``bench/README.md``). ``json_create`` posts those arguments as they are, through the client's
own ``post`` of ``/chat/completions`` — the request openai builds (its headers, retries,
timeouts, Azure's paths and error types unchanged); anything else — a stream, an argument not
in ``_PLAIN`` — still goes through openai's own ``create``.

``client.chat`` itself is never touched on that path: its first use imports every resource
module of openai (admin, audio, beta, evals, fine-tuning... ~0.4 s of CPU before the first
call). ``instructor_on`` builds instructor on ``json_create`` the way ``instructor.from_openai``
does, without asking the client for ``chat.completions.create``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import instructor
    import openai

__all__ = ["instructor_on", "json_create"]

# Arguments that are JSON as given, and that claimtrack (through instructor) sends.
_PLAIN = frozenset(
    {"messages", "model", "tools", "tool_choice", "response_format", "max_tokens", "temperature"}
)


def json_create(client: openai.OpenAI) -> Callable[..., Any]:
    """A ``chat.completions.create`` for ``client`` that posts plain JSON arguments as they are
    (and hands anything else to openai's own, imported on first need)."""
    from openai._base_client import make_request_options

    completion = _validated_completion()

    def create_as_json(**kwargs: Any) -> Any:
        if not _PLAIN.issuperset(kwargs) or "messages" not in kwargs or "model" not in kwargs:
            return client.chat.completions.create(**kwargs)
        return client.post(
            "/chat/completions",
            body=kwargs,
            options=make_request_options(),
            cast_to=completion,
            stream=False,
        )

    return create_as_json


@functools.cache
def _validated_completion() -> type[Any]:
    """What ``/chat/completions`` answers are read as: a ``ChatCompletion`` validated by
    pydantic's compiled validator, or, when the answer does not fit the type (a server that
    leaves out a field), built the lenient way openai builds every answer
    (``construct_type``, which walks the value against the type in Python: ~1 ms of CPU a
    call). openai hands the decoded JSON to ``build`` of a ``cast_to`` that has one."""
    import pydantic
    from openai._models import construct_type
    from openai.types.chat import ChatCompletion

    class ValidatedCompletion(ChatCompletion):
        @classmethod
        def build(cls, *, response: Any, data: object) -> ChatCompletion:
            try:
                return ChatCompletion.model_validate(data)
            except pydantic.ValidationError:
                return cast(ChatCompletion, construct_type(type_=ChatCompletion, value=data))

    return ValidatedCompletion


def instructor_on(client: openai.OpenAI, mode: instructor.Mode) -> instructor.Instructor:
    """instructor on ``client`` in ``mode``, its calls posted by ``json_create``: what
    ``instructor.from_openai(client, mode=mode)`` builds (instructor 1.17's v2 registry), with
    the create function swapped before instructor wraps it."""
    try:
        from instructor.v2.core.client import Instructor
        from instructor.v2.core.patch import patch_v2
        from instructor.v2.core.providers import Provider
        from instructor.v2.core.registry import normalize_mode
        from instructor.v2.providers.openai import handlers  # noqa: F401  (registers the modes)
    except ImportError:  # another instructor: its own factory, on openai's own create
        import instructor as instructor_package

        return instructor_package.from_openai(client, mode=mode)
    normalized = normalize_mode(Provider.OPENAI, mode)
    create = patch_v2(func=json_create(client), provider=Provider.OPENAI, mode=normalized)
    return Instructor(client=client, create=create, provider=Provider.OPENAI, mode=normalized)
