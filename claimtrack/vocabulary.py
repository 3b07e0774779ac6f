"""The ledger's words — claim kinds, verification statuses, grounding methods — and the few
defaults the command line shows.

Plain values in a module that imports nothing, so the command line can offer them as choices
without loading the typed records, the document readers or the LLM stack behind them.
"""

from __future__ import annotations

CLAIM_KINDS = ("date", "quote", "agreement", "statement")

STATUSES = (
    "unverified",
    "supported",
    "refuted",
    "disputed",
    "unverifiable",
    "needs_work",
)

# From the most to the least trustworthy: a claim is as grounded as its weakest span.
GROUNDING_METHODS = ("exact", "normalized", "elided", "fuzzy", "ungrounded")

# How a model returns structure: tool calls, or a JSON schema / JSON answer for servers
# without tools.
MODE_NAMES = ("tools", "json_schema", "json")

# Documents larger than this are refused (``--max-bytes``).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# What a judge may suggest for a claim (``claimtrack verify``): suggestions, not statuses.
VERDICTS = ("supported", "refuted", "not_enough_info", "conflicting")
