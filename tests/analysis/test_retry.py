"""Retry schedule arithmetic, checked against a brute-force simulation of Polly v8's delays."""

from __future__ import annotations

import math
import random
from datetime import timedelta

import pytest

from archlint.analysis.retry import (
    JITTER_SPREAD,
    call_budget,
    decorrelated_delay_supremum,
    describe_seconds,
    schedule,
)
from archlint.model.resilience import RetryPolicy


def policy(**values: object) -> RetryPolicy:
    defaults: dict[str, object] = {
        "id": "retry",
        "max_attempts": 5,
        "backoff": "exponential",
        "base_delay": "1s",
        "max_delay": "60s",
        "jitter": False,
    }
    return RetryPolicy.model_validate(defaults | values)


# --- an independent simulation of Polly v8's retry delays -------------------------------
# Written from Polly's documented formulas (RetryHelper): constant/linear jitter adds
# delay * 0.5 * (r - 0.5); exponential jitter is "decorrelated jitter v2"; MaxDelay caps
# every delay after jitter. ``draws`` supplies the random numbers in [0, 1).


def polly_delays(p: RetryPolicy, draws: list[float]) -> list[float]:
    base, cap = p.base_delay.total_seconds(), p.max_delay.total_seconds()
    delays, previous = [], 0.0
    for attempt in range(p.max_attempts):
        r = draws[attempt]
        if p.backoff == "fixed":
            delay = base
        elif p.backoff == "linear":
            delay = (attempt + 1) * base
        else:
            delay = base * 2**attempt
        if p.jitter:
            if p.backoff == "exponential":
                t = attempt + r
                current = 2**t * math.tanh(math.sqrt(4 * t))
                delay = (current - previous) / 1.4 * base
                previous = current
            else:
                delay += delay * 0.5 * r - delay * 0.25
        delays.append(min(delay, cap))
    return delays


CASES = [
    policy(),
    policy(jitter=True),
    policy(max_attempts=8, base_delay="200ms", max_delay="5s", jitter=True),
    policy(backoff="linear", base_delay="2s", max_delay="7s", jitter=True),
    policy(backoff="fixed", base_delay="3s", max_delay="3s", jitter=True),
    policy(max_attempts=3, base_delay="5s", max_delay="30s", jitter=True),
]


@pytest.mark.parametrize("p", CASES, ids=lambda p: f"{p.backoff}-{p.max_attempts}-{p.jitter}")
def test_bounds_hold_for_random_and_extreme_draws(p: RetryPolicy) -> None:
    plan = schedule(p)
    rng = random.Random(1234)
    draw_sets = [[rng.random() for _ in range(p.max_attempts)] for _ in range(2000)]
    draw_sets += [[0.0] * p.max_attempts, [0.999999] * p.max_attempts]
    # Alternating extremes maximise the decorrelated delays of every other retry.
    draw_sets += [[0.999999 if i % 2 else 0.0 for i in range(p.max_attempts)]]
    draw_sets += [[0.0 if i % 2 else 0.999999 for i in range(p.max_attempts)]]
    for draws in draw_sets:
        delays = polly_delays(p, draws)
        for k, delay in enumerate(delays):
            assert plan.lower[k] - 1e-9 <= delay <= plan.upper[k] + 1e-9, (k, draws)
        assert sum(delays) <= plan.total_upper + 1e-9


def test_decorrelated_supremum_is_approached() -> None:
    # Retry k is longest when its own draw is ~1 and the previous draw is 0.
    p = policy(max_attempts=6, jitter=True, max_delay="1h")
    for k in range(6):
        draws = [0.0] * 6
        draws[k] = 0.9999999
        delay = polly_delays(p, draws)[k]
        assert delay == pytest.approx(decorrelated_delay_supremum(k), rel=1e-4)


def test_nominal_delays_and_tries() -> None:
    plan = schedule(policy())
    assert plan.tries == 6
    assert plan.nominal == (1, 2, 4, 8, 16)
    assert plan.upper == plan.lower == plan.nominal
    assert schedule(policy(backoff="linear", base_delay="2s", max_delay="5s")).nominal == (
        2,
        4,
        5,
        5,
        5,
    )
    assert schedule(policy(backoff="fixed", base_delay="3s")).nominal == (3,) * 5


def test_jitter_upper_bound_covers_the_azure_sdk_spread() -> None:
    # Azure SDK exponential retry: up to 1.2 x nominal; the bound must not be below it.
    plan = schedule(policy(max_attempts=10, max_delay="1h", jitter=True))
    for nominal, upper in zip(plan.nominal, plan.upper, strict=True):
        assert upper >= nominal * 1.2
        assert upper >= nominal * (1 + JITTER_SPREAD)


def test_the_cap_applies_after_jitter() -> None:
    plan = schedule(policy(base_delay="10s", max_delay="12s", jitter=True))
    assert max(plan.upper) == 12


def test_seed_transient_policy_worst_case() -> None:
    # The seed's retry-transient behind a 10s database timeout: 6 x 10s + ~39.2s.
    budget = call_budget(policy(jitter=True), timedelta(seconds=10))
    assert budget.tries == 6
    assert budget.delays == pytest.approx(39.21, abs=0.01)
    assert budget.worst == pytest.approx(99.21, abs=0.01)
    assert budget.describe() == "6 tries x 10s + up to 40s backoff"


def test_call_without_timeout_is_not_bounded() -> None:
    budget = call_budget(policy(), None)
    assert not budget.bounded
    assert budget.worst == 31
    assert budget.describe() == "6 tries without a timeout + up to 31s backoff"
    single = call_budget(None, timedelta(seconds=5))
    assert (single.tries, single.worst, single.describe()) == (1, 5, "1 try x 5s")


def test_huge_attempt_counts_stay_finite() -> None:
    plan = schedule(policy(max_attempts=5000, jitter=True, max_delay="1h"))
    assert math.isfinite(plan.total_upper)
    assert max(plan.upper) == 3600


def test_describe_seconds_rounds_up() -> None:
    assert describe_seconds(39.2) == "40s"
    assert describe_seconds(30.0) == "30s"
    assert describe_seconds(166.1) == "2m47s"
    assert describe_seconds(0.2) == "200ms"
