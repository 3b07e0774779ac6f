"""instructor's async-validator check, memoized: passing models are checked once, failing
models still fail every time."""

import pytest
from instructor.v2.validation import async_validators
from instructor.v2.validation.async_validators import async_field_validator
from pydantic import BaseModel

from claimtrack.llm.instructor_checks import _memoized, memoize_async_validator_check


class Plain(BaseModel):
    name: str


class WithAsyncValidator(BaseModel):
    name: str

    @async_field_validator("name")
    async def check_name(self, value: str) -> str:
        return value


def test_a_passing_model_is_walked_once():
    walks = []

    def check(model):
        walks.append(model)
        async_validators.reject_async_validators(model)

    memoized = _memoized(check)
    for _ in range(5):
        memoized(Plain)
    assert walks == [Plain]


def test_a_model_with_async_validators_is_still_refused_every_time():
    memoize_async_validator_check()
    from instructor.v2.core import patch

    assert getattr(patch.reject_async_validators, "_claimtrack_memoized", False)
    for _ in range(2):
        with pytest.raises(ValueError, match="async validators"):
            patch.reject_async_validators(WithAsyncValidator)
    patch.reject_async_validators(Plain)


def test_unhashable_models_are_checked_every_time():
    walks = []
    memoized = _memoized(walks.append)
    memoized([Plain])
    memoized([Plain])
    assert len(walks) == 2
