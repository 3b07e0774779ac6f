"""What model calls cost: token counts and a price table the user can edit.

Token counts use tiktoken when it is installed and has the model's encoding at hand (it fetches
encodings from the network the first time, so it may not), and otherwise an estimate by script
(``claimtrack.chunking.estimate_tokens``: four characters a token in Latin scripts, a token a
character in Chinese, Japanese and Korean) — close enough for a budget, and the ledger records
the real counts the server reports. A model that the price table does not name costs nothing
by these counts, and ``price_known`` says so, for the run's summary to say it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimtrack.chunking import estimate_tokens
from claimtrack.errors import UsageError
from claimtrack.parsed_yaml import safe_load, yaml_error

BUILTIN_PRICES = Path(__file__).resolve().parent.parent / "data" / "prices.yaml"


@dataclass(frozen=True)
class Price:
    input: float  # dollars per million prompt tokens
    output: float  # dollars per million completion tokens

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.input + completion_tokens * self.output) / 1_000_000


FREE = Price(0.0, 0.0)


def load_prices(path: str | Path | None = None) -> dict[str, Price]:
    chosen = Path(path or os.environ.get("CLAIMTRACK_PRICES") or BUILTIN_PRICES)
    try:
        raw: Any = safe_load(chosen.read_text(encoding="utf-8")) or {}
    except (OSError, yaml_error()) as error:
        raise UsageError(f"{chosen}: cannot read the price table: {error}") from error
    if not isinstance(raw, dict):
        raise UsageError(f"{chosen}: a price table maps model names to input/output prices")
    prices: dict[str, Price] = {}
    for model, entry in raw.items():
        try:
            prices[str(model)] = Price(float(entry["input"]), float(entry["output"]))
        except (TypeError, KeyError, ValueError) as error:
            raise UsageError(f"{chosen}: {model}: needs numeric 'input' and 'output'") from error
    return prices


def price_for(model: str, prices: dict[str, Price]) -> Price:
    """The price of the longest model name in the table that ``model`` starts with."""
    matches = [name for name in prices if model == name or model.startswith(name + "-")]
    return prices[max(matches, key=len)] if matches else FREE


def price_known(model: str, prices: dict[str, Price]) -> bool:
    """Whether the price table names ``model`` (else its calls are counted at $0)."""
    return any(model == name or model.startswith(name + "-") for name in prices)


@lru_cache(maxsize=8)
def _encoding(model: str) -> Any:
    try:
        import tiktoken

        return tiktoken.encoding_for_model(model)
    except Exception:  # not installed, unknown model, or no network to fetch the encoding
        return None


def count_tokens(text: str, model: str) -> int:
    return token_counter(model)(text)


def token_counter(model: str) -> Callable[[str], int]:
    """Counts tokens as ``model`` does when tiktoken knows it and has its encoding; else the
    estimate by script."""
    encoding = _encoding(model)
    if encoding is None:
        return estimate_tokens
    return lambda text: len(encoding.encode(text, disallowed_special=()))


def exact_tokens(model: str) -> bool:
    """Whether token counts for ``model`` come from its tokenizer (recorded with a run)."""
    return _encoding(model) is not None
