"""Per-source login lockout (the lab's "mitigation" switch).

Failures are recorded even while the lockout is disabled, so that switching it on
in the middle of a simulated brute-force attack takes effect immediately for the
attacker that is already running.

The state lives in process memory. That is only correct with ONE worker process
(see gunicorn.conf.py): with several workers each would count on its own and an
attacker would get threshold x workers attempts.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from .config import LOCKOUT_THRESHOLD_MAX, LOCKOUT_WINDOW_MAX_SECONDS


class LockoutPolicy:
    def __init__(
        self,
        enabled: bool = False,
        threshold: int = 5,
        window_seconds: int = 60,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_sources: int = 10000,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._max_sources = max_sources
        # source -> timestamps of recent failures (oldest first). The deque is bounded
        # by the largest allowed threshold, which is all the lockout ever needs to see.
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self.enabled = False
        self.threshold = 5
        self.window_seconds = 60
        self.configure(enabled=enabled, threshold=threshold, window_seconds=window_seconds)

    @staticmethod
    def _key(source: str | None) -> str:
        return source or "unknown"

    def configure(
        self,
        enabled: bool | None = None,
        threshold: int | None = None,
        window_seconds: int | None = None,
    ) -> dict[str, object]:
        if enabled is not None and not isinstance(enabled, bool):
            raise ValueError("enabled must be a boolean")
        for name, value, hi in (
            ("threshold", threshold, LOCKOUT_THRESHOLD_MAX),
            ("window_seconds", window_seconds, LOCKOUT_WINDOW_MAX_SECONDS),
        ):
            # bool is a subclass of int: reject true/false as numbers explicitly.
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= hi):
                raise ValueError(f"{name} must be an integer between 1 and {hi}")
        with self._lock:
            if enabled is not None:
                self.enabled = enabled
            if threshold is not None:
                self.threshold = threshold
            if window_seconds is not None:
                self.window_seconds = window_seconds
            return self._state()

    def state(self) -> dict[str, object]:
        with self._lock:
            return self._state()

    def _state(self) -> dict[str, object]:
        return {
            "enabled": self.enabled,
            "threshold": self.threshold,
            "window_seconds": self.window_seconds,
        }

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key)
        if failures is None:
            return deque()
        horizon = now - self.window_seconds
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[key]
        return failures

    def retry_after(self, source: str | None) -> float | None:
        """Seconds until `source` may try again, or None if it is not locked out."""
        with self._lock:
            return self._retry_after(self._key(source), self._clock())

    def _retry_after(self, key: str, now: float) -> float | None:
        if not self.enabled:
            return None
        recent = self._recent(key, now)
        if len(recent) < self.threshold:
            return None
        # Unlocked once the failure that made the count reach the threshold ages out.
        pivot = recent[len(recent) - self.threshold]
        return max(pivot + self.window_seconds - now, 0.001)

    def begin_attempt(self, source: str | None) -> float | None:
        """Check the lockout and count the attempt, as ONE step under the lock.

        Returns the seconds to wait if `source` is locked out (nothing is recorded),
        else None: the attempt may be evaluated and already counts as a failure.
        The caller calls record_success() if the credentials turn out right.

        A separate retry_after() then record_failure() lets concurrent requests all
        pass the check before any of them is recorded: with 8 threads an attacker
        got threshold + 7 password guesses. Counting first closes that gap.
        """
        key = self._key(source)
        with self._lock:
            now = self._clock()
            wait = self._retry_after(key, now)
            if wait is None:
                self._record(key, now)
            return wait

    def record_failure(self, source: str | None) -> None:
        with self._lock:
            self._record(self._key(source), self._clock())

    def _record(self, key: str, now: float) -> None:
        failures = self._failures.get(key)
        if failures is None:
            failures = deque(maxlen=LOCKOUT_THRESHOLD_MAX)
            self._failures[key] = failures
        failures.append(now)
        self._failures.move_to_end(key)
        # Bound memory when many sources appear (e.g. spoofed X-Forwarded-For
        # behind a proxy): forget the least recently failing source.
        while len(self._failures) > self._max_sources:
            self._failures.popitem(last=False)

    def record_success(self, source: str | None) -> None:
        with self._lock:
            self._failures.pop(self._key(source), None)

    def tracked_sources(self) -> int:
        with self._lock:
            return len(self._failures)


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
