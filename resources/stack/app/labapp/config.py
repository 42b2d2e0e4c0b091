"""Configuration from environment variables.

Everything the app reads from the environment is parsed and validated here, once,
so a bad value stops the app at start with a clear message instead of failing
later in the middle of an exercise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Bounds for values that can also be changed at runtime via /admin/lockout.
LOCKOUT_THRESHOLD_MAX = 1000
LOCKOUT_WINDOW_MAX_SECONDS = 86400
# Proxies in front of the app whose X-Forwarded-For entries are trusted. More
# than a handful would be a misconfiguration, not a deployment.
TRUSTED_PROXY_HOPS_MAX = 10
# Log events buffered while Elasticsearch is down or busy. One event is about
# 1 kB (up to ~25 kB with a stack trace): 100,000 keeps the worst case in the
# hundreds of MB instead of letting a typo (an extra zero or three) exhaust memory.
LOG_BUFFER_DEFAULT = 10000
LOG_BUFFER_MAX = 100_000

# A conservative subset of what Elasticsearch accepts as a data stream name.
_INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$")

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


class ConfigError(ValueError):
    """Raised when the environment does not describe a runnable app."""


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip(), 10)
    except ValueError:
        raise ConfigError(
            f"{name} must be an integer between {lo} and {hi} (default {default}), got {raw[:100]!r}"
        ) from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name} must be between {lo} and {hi} (default {default}), got {value}")
    return value


@dataclass(frozen=True)
class Config:
    # Secrets stay out of repr(): a Config may end up in a traceback or a debug log.
    demo_password: str = field(repr=False)
    demo_user: str = "demo"
    admin_token: str | None = field(default=None, repr=False)
    behind_proxy: bool = False
    trusted_proxy_hops: int = 1
    service_name: str = "lab-app"
    elasticsearch_url: str = "http://elasticsearch:9200"
    elasticsearch_username: str | None = None
    elasticsearch_password: str | None = field(default=None, repr=False)
    elasticsearch_api_key: str | None = field(default=None, repr=False)
    # PEM file of the CA that signed Elasticsearch's certificate (a private CA); unset = the system's trust store.
    elasticsearch_ca_file: str | None = None
    log_index: str = "lab-logs"
    log_buffer_max: int = LOG_BUFFER_DEFAULT
    lockout_enabled: bool = False
    lockout_threshold: int = 5
    lockout_window_seconds: int = 60

    def __post_init__(self) -> None:
        if not self.demo_password:
            raise ConfigError(
                "LAB_DEMO_PASSWORD is required: set it to the demo account's password "
                "(the lab extension generates one per lab)"
            )
        if not self.demo_user:
            raise ConfigError("LAB_DEMO_USER must not be empty")
        if not _INDEX_NAME.match(self.log_index):
            raise ConfigError(
                f"LAB_LOG_INDEX {self.log_index!r} is not a valid data stream name "
                "(lowercase letters, digits, '.', '_', '-'; must start with a letter or digit)"
            )
        if not 1 <= self.trusted_proxy_hops <= TRUSTED_PROXY_HOPS_MAX:
            raise ConfigError(f"LAB_TRUSTED_PROXY_HOPS must be between 1 and {TRUSTED_PROXY_HOPS_MAX}")
        if not 1 <= self.log_buffer_max <= LOG_BUFFER_MAX:
            raise ConfigError(
                f"LAB_LOG_BUFFER_MAX must be between 1 and {LOG_BUFFER_MAX} (default {LOG_BUFFER_DEFAULT})"
            )
        if not 1 <= self.lockout_threshold <= LOCKOUT_THRESHOLD_MAX:
            raise ConfigError(f"LAB_LOCKOUT_THRESHOLD must be between 1 and {LOCKOUT_THRESHOLD_MAX}")
        if not 1 <= self.lockout_window_seconds <= LOCKOUT_WINDOW_MAX_SECONDS:
            raise ConfigError(f"LAB_LOCKOUT_WINDOW_SECONDS must be between 1 and {LOCKOUT_WINDOW_MAX_SECONDS}")
        url = self.elasticsearch_url
        if url and not (url.startswith("http://") or url.startswith("https://")):
            raise ConfigError(f"LAB_ELASTICSEARCH_URL must start with http:// or https://, got {url!r}")
        ca_file = self.elasticsearch_ca_file
        if ca_file and not os.path.isfile(ca_file):
            raise ConfigError(f"LAB_ELASTICSEARCH_CA_FILE {ca_file!r} is not a readable file (a PEM CA certificate)")

    @property
    def shipping_enabled(self) -> bool:
        return bool(self.elasticsearch_url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        password = env.get("LAB_DEMO_PASSWORD", "")
        if not password:
            # Checked here as well as in __post_init__ so the message names the variable
            # even when someone constructs Config differently.
            raise ConfigError(
                "LAB_DEMO_PASSWORD is required: set it to the demo account's password "
                "(the lab extension generates one per lab)"
            )
        return cls(
            demo_password=password,
            demo_user=env.get("LAB_DEMO_USER", "demo"),
            # An empty token means "not configured": the admin API stays disabled.
            admin_token=env.get("LAB_ADMIN_TOKEN") or None,
            behind_proxy=_bool(env, "LAB_BEHIND_PROXY", False),
            trusted_proxy_hops=_int(env, "LAB_TRUSTED_PROXY_HOPS", 1, 1, TRUSTED_PROXY_HOPS_MAX),
            service_name=env.get("LAB_SERVICE_NAME") or "lab-app",
            elasticsearch_url=env.get("LAB_ELASTICSEARCH_URL", "http://elasticsearch:9200").strip(),
            elasticsearch_username=env.get("LAB_ELASTICSEARCH_USERNAME") or None,
            elasticsearch_password=env.get("LAB_ELASTICSEARCH_PASSWORD") or None,
            elasticsearch_api_key=env.get("LAB_ELASTICSEARCH_API_KEY") or None,
            elasticsearch_ca_file=(env.get("LAB_ELASTICSEARCH_CA_FILE") or "").strip() or None,
            log_index=(env.get("LAB_LOG_INDEX") or "lab-logs").strip(),
            log_buffer_max=_int(env, "LAB_LOG_BUFFER_MAX", LOG_BUFFER_DEFAULT, 1, LOG_BUFFER_MAX),
            lockout_enabled=_bool(env, "LAB_LOCKOUT_ENABLED", False),
            lockout_threshold=_int(env, "LAB_LOCKOUT_THRESHOLD", 5, 1, LOCKOUT_THRESHOLD_MAX),
            lockout_window_seconds=_int(env, "LAB_LOCKOUT_WINDOW_SECONDS", 60, 1, LOCKOUT_WINDOW_MAX_SECONDS),
        )
