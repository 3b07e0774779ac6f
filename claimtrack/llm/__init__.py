"""Language-model stages, and the call client they share.

- ``client``: ``LLMClient`` — one structured answer from an OpenAI-compatible server, with
  the call cache, budget, rate limit, re-asks, retries, costs and a ``CallRecord`` for every
  call. Any LLM stage asks through it.
- ``extractor``: ``OpenAIBackend`` — the claim extractor built on the client: chunks, prompt,
  de-duplication.
- ``schema``: what the extractor asks the model to return (``Extraction``) and how an answer
  becomes grounded claims.
- ``calls``: ``CallContext``, ``Budget``, ``RateLimiter``, ``PlannedCall`` — what a run shares
  between its calls. ``costs``: token counts and prices. ``settings``: ``LLMSettings``.
- ``modes``: the request each ``--mode`` sends (the bytes instructor sent), how its answer is
  read, and what a re-ask adds. ``completion``: the server's answer, read by pydantic.
  ``wire``: the HTTP exchange (``http.client``: keep-alive, timeouts, openai's retry policy).
- ``servers``: where calls go and how they are signed (OpenAI-compatible, or Azure OpenAI).
  ``refusals``: API faults in sentences, and servers that refuse or ignore a ``--mode``.
  ``strict``: the strict JSON schema of ``--mode json_schema``. ``responses``: response models
  named before they are imported, their schemas as sent shipped with the package (the
  extractor's), so that a run's first requests go out before pydantic is imported.
- ``batch``: the Batch API's requests and answers (which still use instructor and openai);
  ``instructor_checks``: a patch that keeps instructor's per-call model check off its path.

openai and instructor took about a second of CPU to import; a live call imports neither, and
``import claimtrack.llm`` (and ``claimtrack.llm.settings`` or ``.calls``) stays light:
``LLMClient`` and ``OpenAIBackend`` load on first use.
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
