"""Language-model stages, and the call client they share.

- ``client``: ``LLMClient`` — one structured answer from an OpenAI-compatible server
  (instructor on the openai client), with the call cache, budget, rate limit, retries, costs
  and a ``CallRecord`` for every call. Any LLM stage asks through it.
- ``extractor``: ``OpenAIBackend`` — the claim extractor built on the client: chunks, prompt,
  de-duplication.
- ``schema``: what the extractor asks the model to return (``Extraction``) and how an answer
  becomes grounded claims.
- ``calls``: ``CallContext``, ``Budget``, ``RateLimiter``, ``PlannedCall`` — what a run shares
  between its calls. ``costs``: token counts and prices. ``settings``: ``LLMSettings``.
  ``instructor_checks``: a patch that keeps instructor's per-call model check off the hot path.
- ``servers``: which openai client talks to the server (OpenAI-compatible, or Azure OpenAI).
  ``refusals``: API faults in sentences, and servers that refuse or ignore a ``--mode``.
  ``strict``: the strict JSON schema of ``--mode json_schema``. ``transport``: plain JSON
  arguments posted without openai's per-call typed transform (and without importing
  ``client.chat``'s resource modules), answers read by pydantic's compiled validator.

openai and instructor take seconds to import, so nothing is imported here until it is asked
for: ``import claimtrack.llm`` (and ``claimtrack.llm.settings`` or ``.calls``) stays light;
``LLMClient`` and ``OpenAIBackend`` load the LLM stack on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimtrack.llm.calls import CallContext
    from claimtrack.llm.client import LLMClient
    from claimtrack.llm.extractor import OpenAIBackend
    from claimtrack.llm.settings import LLMSettings

_LAZY = {
    "CallContext": "claimtrack.llm.calls",
    "LLMClient": "claimtrack.llm.client",
    "LLMSettings": "claimtrack.llm.settings",
    "OpenAIBackend": "claimtrack.llm.extractor",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'claimtrack.llm' has no attribute {name!r}")


__all__ = ["CallContext", "LLMClient", "LLMSettings", "OpenAIBackend"]
