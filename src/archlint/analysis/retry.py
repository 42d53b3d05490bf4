"""Retry schedule arithmetic: how long a retry policy can keep its caller busy.

A :class:`~archlint.model.resilience.RetryPolicy` says how often to retry and how long
to wait in between; a timeout says how long one try may run. The resilience rules ask
one question of them: *how long can one call take, at worst, before the caller gets its
answer (or its error)?* This module answers it, with these documented assumptions:

- **Tries.** ``max_attempts`` counts the retries *after* the first try (the model's
  definition, Polly's ``MaxRetryAttempts``), so a call makes ``max_attempts + 1`` tries.
- **Nominal delays.** Before retry ``k`` (``k = 0`` for the first retry) the caller waits
  ``base`` (fixed), ``base * (k + 1)`` (linear) or ``base * 2**k`` (exponential), each
  capped at ``max_delay`` -- Polly v8's ``DelayBackoffType`` formulas with ``MaxDelay``.
- **Jitter.** With jitter a delay may be longer than its nominal value. The upper bound
  used here covers the common .NET implementations:

  - Polly v8 constant/linear jitter spreads a delay by +-25 % (``JitterFactor`` 0.5 around
    the nominal value), and the Azure SDK's exponential retry by +-20 %: at most
    ``1.25 x nominal`` (:data:`JITTER_SPREAD`);
  - Polly v8's exponential jitter is "decorrelated jitter v2": retry ``k`` waits
    ``base * (g(k + r_k) - g(k - 1 + r_{k-1})) / 1.4`` with ``g(t) = 2**t * tanh(sqrt(4t))``
    and ``r`` uniform in [0, 1); its supremum is ``base * (g(k+1) - g(k-1)) / 1.4``
    (``base * g(1) / 1.4`` for the first retry), up to 1.42 x the nominal delay.

  The upper bound of a jittered delay is the larger of the two, capped at ``max_delay``.
  Its lower bound is ``0.75 x nominal`` (constant/linear) or zero (decorrelated).
- **Timeouts.** A per-attempt timeout bounds each try (Polly's "attempt timeout", which
  sits *inside* the retry in Microsoft's standard resilience pipeline). The worst case of
  a failing call is then ``tries x timeout + the sum of the delay upper bounds``. Without
  a timeout a try can hang for ever; the delays alone are then only a lower bound of the
  worst case, and :attr:`CallBudget.bounded` says so.

Everything here is a pure function of the policy; no rule state, no I/O.
"""

from __future__ import annotations

import math
from datetime import timedelta

from archlint.model.resilience import RetryPolicy
from archlint.model.types import format_duration
from archlint.records import record

__all__ = [
    "JITTER_SPREAD",
    "CallBudget",
    "RetrySchedule",
    "call_budget",
    "decorrelated_delay_supremum",
    "describe_seconds",
    "schedule",
]

#: A jittered constant/linear delay lies within nominal x (1 +- JITTER_SPREAD).
JITTER_SPREAD = 0.25

# Polly v8 decorrelated jitter v2 constants (pFactor and the scaling factor 1/1.4).
_P_FACTOR = 4.0
_SCALING = 1 / 1.4


def _g(t: float) -> float:
    """The decorrelated-jitter curve: cumulative delay (in base delays x 1.4) at time t."""
    return 2.0**t * math.tanh(math.sqrt(_P_FACTOR * t)) if t > 0 else 0.0


def decorrelated_delay_supremum(retry: int) -> float:
    """Least upper bound of Polly v8's jittered exponential delay before ``retry``, in bases."""
    if retry == 0:
        return _g(1.0) * _SCALING
    return (_g(retry + 1.0) - _g(retry - 1.0)) * _SCALING


@record
class RetrySchedule:
    """The delays of one retry policy, in seconds: nominal, upper and lower bounds."""

    tries: int
    nominal: tuple[float, ...]
    upper: tuple[float, ...]
    lower: tuple[float, ...]

    @property
    def retries(self) -> int:
        return self.tries - 1

    @property
    def total_upper(self) -> float:
        return sum(self.upper)

    @property
    def total_nominal(self) -> float:
        return sum(self.nominal)

    @property
    def total_lower(self) -> float:
        return sum(self.lower)


def schedule(policy: RetryPolicy) -> RetrySchedule:
    """The delays ``policy`` waits between its tries (see the module notes)."""
    base = policy.base_delay.total_seconds()
    cap = policy.max_delay.total_seconds()
    nominal: list[float] = []
    upper: list[float] = []
    lower: list[float] = []
    for retry in range(policy.max_attempts):
        if policy.backoff == "fixed":
            raw = base
        elif policy.backoff == "linear":
            raw = base * (retry + 1)
        else:
            raw = base * 2.0 ** min(retry, 1000)
        delay = min(raw, cap)
        nominal.append(delay)
        if not policy.jitter:
            upper.append(delay)
            lower.append(delay)
            continue
        high = raw * (1 + JITTER_SPREAD)
        if policy.backoff == "exponential":
            high = max(high, base * decorrelated_delay_supremum(min(retry, 1000)))
            low = 0.0
        else:
            low = raw * (1 - JITTER_SPREAD)
        upper.append(min(high, cap))
        lower.append(min(low, cap))
    return RetrySchedule(policy.max_attempts + 1, tuple(nominal), tuple(upper), tuple(lower))


@record
class CallBudget:
    """How long one call through a policy binding can take when every try fails.

    ``worst`` is in seconds. ``bounded`` is False when a try has no timeout: ``worst``
    then counts only the backoff delays, a lower bound of a worst case that has none.
    """

    tries: int
    timeout: float | None
    delays: float
    bounded: bool

    @property
    def worst(self) -> float:
        return self.tries * (self.timeout or 0.0) + self.delays

    def describe(self) -> str:
        """E.g. '6 tries x 10s + up to 39s backoff'."""
        tries = f"{self.tries} tr{'y' if self.tries == 1 else 'ies'}"
        if self.timeout is None:
            head = f"{tries} without a timeout"
        else:
            head = f"{tries} x {describe_seconds(self.timeout)}"
        if self.delays <= 0:
            return head
        return f"{head} + up to {describe_seconds(self.delays)} backoff"


def call_budget(policy: RetryPolicy | None, timeout: timedelta | None) -> CallBudget:
    """The worst case of one call with ``policy`` retrying tries bounded by ``timeout``."""
    seconds = timeout.total_seconds() if timeout is not None else None
    if policy is None:
        return CallBudget(1, seconds, 0.0, seconds is not None)
    plan = schedule(policy)
    return CallBudget(plan.tries, seconds, plan.total_upper, seconds is not None)


def describe_seconds(seconds: float) -> str:
    """A duration in seconds, rounded up to whole seconds below a minute ('39s', '2m46s')."""
    if seconds < 1:
        return format_duration(timedelta(milliseconds=math.ceil(seconds * 1000)))
    return format_duration(timedelta(seconds=math.ceil(seconds - 1e-9)))
