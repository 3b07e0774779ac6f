"""What the LLM client and extractor are told to do, kept apart from them.

The CLI needs these names and defaults for its options on every command, but the openai and
instructor packages take seconds to import; this module imports neither, so commands that do
not call a model (the offline default among them) never pay for them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claimtrack.errors import BackendConfigError
from claimtrack.vocabulary import MODE_NAMES

__all__ = ["DEFAULT_OPENAI_MODEL", "MODE_NAMES", "LLMSettings"]

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


@dataclass
class LLMSettings:
    """Everything that decides what is sent and how, except the key (never stored)."""

    model: str
    base_url: str | None = None
    mode: str = "tools"
    prompt: str = "extract-claims"
    prompts_dirs: Sequence[str] = ()
    max_reasks: int = 2
    max_retries: int = 4
    timeout: float = 60.0
    chunk_tokens: int = 3_000
    overlap_tokens: int | None = None  # default: a twentieth of a chunk
    temperature: float = 0.0
    prices: str | None = None
    # Extra tries of a call whose transient fault outlasted the client's retries; default: as
    # many as --retries allows, up to two (so --retries 0 fails fast everywhere).
    call_retries: int | None = None
    max_tokens: int = 4096
    # Calls in flight for the later chunks of long documents, across documents (the first
    # chunk of each is asked from the pipeline's own worker).
    concurrency: int = 4

    @property
    def overlap(self) -> int:
        """Tokens two neighbouring chunks share."""
        return self.chunk_tokens // 20 if self.overlap_tokens is None else self.overlap_tokens

    @property
    def extra_tries(self) -> int:
        """Tries of a call after a transient fault that outlasted the client's own retries."""
        return min(self.max_retries, 2) if self.call_retries is None else self.call_retries

    @classmethod
    def from_environment(cls, model: str | None = None, **overrides: Any) -> LLMSettings:
        base_url = os.environ.get("OPENAI_BASE_URL") or None
        chosen = model or os.environ.get("CLAIMTRACK_MODEL")
        if not chosen:
            if base_url:
                raise BackendConfigError(
                    "OPENAI_BASE_URL names a server but no model: pass --model or set "
                    "CLAIMTRACK_MODEL"
                )
            chosen = DEFAULT_OPENAI_MODEL
        return cls(model=chosen, base_url=base_url, **overrides)
