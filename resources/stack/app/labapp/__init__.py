"""Monitoring Lab demo application.

A deliberately small Flask app that produces security-relevant log events
(failed logins, errors) in ECS JSON and ships them to Elasticsearch itself.
"""

from .app import create_app
from .config import Config, ConfigError

__all__ = ["Config", "ConfigError", "create_app"]
