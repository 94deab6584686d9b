"""The sign-in throttle's waits: none within the allowance, then growing to a cap, never shrinking
with more failures. (Counting under parallel guesses is tested through the web, tests/web.)"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from monotown.accounts.throttle import ACCOUNT, ACCOUNT_FROM_ADDRESS, ADDRESS, Limit


@given(st.sampled_from([ADDRESS, ACCOUNT_FROM_ADDRESS, ACCOUNT]), st.integers(0, 10_000))
def test_the_wait_is_zero_within_the_allowance_then_grows_to_a_cap(limit: Limit, n: int) -> None:
    wait = limit.wait_after(n)
    assert 0 <= wait <= limit.max_wait_seconds
    assert (wait == 0) == (n < limit.free_failures)
    assert limit.wait_after(n + 1) >= wait
