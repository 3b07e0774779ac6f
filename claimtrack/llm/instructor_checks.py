"""Make instructor's per-call safety check on the response model run once per model.

instructor 1.17 walks the whole response model — every nested model class and every member
of its MRO — to refuse async validators it cannot run, and does so seven times per call. The
answer depends only on the class, and our classes never change, yet at 40 calls a second the
walk takes a third of the client's CPU and, under the interpreter lock, costs the batch about
a tenth of its rate (measured with ``bench/throughput.py``). This module memoizes the check's
*passing* result per class in every instructor module that imported it; a model that fails
the check is not cached and still raises, every time. Remove it once instructor caches the
check itself.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

_PATCHED = "_claimtrack_memoized"


def memoize_async_validator_check() -> bool:
    """Install the memoized check; False when this instructor has no such check (nothing to
    do). Safe to call more than once."""
    try:
        from instructor.v2.validation import async_validators
    except ImportError:
        return False
    original = getattr(async_validators, "reject_async_validators", None)
    if original is None:
        return False
    if getattr(original, _PATCHED, False):
        return True
    checked = _memoized(original)
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "") or ""
        if (
            name.startswith("instructor")
            and getattr(module, "reject_async_validators", None) is original
        ):
            module.reject_async_validators = checked  # type: ignore[attr-defined]
    return True


def _memoized(check: Callable[[Any], None]) -> Callable[[Any], None]:
    passed: set[Any] = set()

    @functools.wraps(check)
    def memoized(response_model: Any) -> None:
        try:
            if response_model in passed:
                return
        except TypeError:  # unhashable: check it every time
            check(response_model)
            return
        check(response_model)  # raises for a model with async validators: never cached
        passed.add(response_model)

    setattr(memoized, _PATCHED, True)
    return memoized
