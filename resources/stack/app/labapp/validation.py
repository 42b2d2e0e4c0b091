"""Strict parsing of untrusted request input.

The login endpoint distinguishes a *malformed* request (400, its own event) from a
*failed* login (401): only a well-formed attempt with wrong credentials may count
towards brute-force detection, otherwise junk traffic would inflate the numbers.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import re
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.exceptions import RequestEntityTooLarge

MAX_BODY_BYTES = 16384
MAX_USERNAME_CHARS = 256
MAX_PASSWORD_CHARS = 1024
_MAX_FORM_FIELDS = 20

# Refused in user names: NUL and the other C0 controls, DEL, the C1 controls, and
# the bidi embeddings/overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
# Stored raw they would let a name rewrite a terminal line or read backwards in
# Kibana ("admin\u202e" ...), and no real account name contains them.
_FORBIDDEN_IN_USER_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Malformed(Exception):
    def __init__(self, reason: str, username: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.username = username  # whatever was sent, logged only as bounded text


def read_body(request: Any, limit: int = MAX_BODY_BYTES) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise Malformed(f"request body exceeds {limit} bytes")
    try:
        # app.config["MAX_CONTENT_LENGTH"] also bounds chunked bodies without a length.
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise Malformed(f"request body exceeds {limit} bytes") from None
    if len(raw) > limit:
        raise Malformed(f"request body exceeds {limit} bytes")
    return raw


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("request body is not valid UTF-8") from None


def _scrub(text: str) -> str:
    """`text` with every refused character replaced by U+FFFD, for logging."""
    return _FORBIDDEN_IN_USER_NAME.sub("\ufffd", text)


def _shown(key: str, limit: int = 32) -> str:
    """A request-supplied name, bounded and safe to put into a reason text."""
    return _scrub(key[:limit]).encode("utf-8", "replace").decode("utf-8")  # lone surrogates


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the LAST of duplicate keys; which one another parser (a proxy,
    # a WAF) would see is anyone's guess. Refuse them, as duplicate form fields are.
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise Malformed(f"duplicate JSON key: {_shown(key)}")
        data[key] = value
    return data


# One decoder for every request (json.loads with a hook builds a new one per call).
_JSON_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    text = _decode(raw)
    try:
        data = _JSON_DECODER.decode(text)
    except (ValueError, RecursionError):
        raise Malformed("request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Malformed("JSON body must be an object")
    return data


def parse_form(raw: bytes) -> dict[str, str]:
    text = _decode(raw)
    try:
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",  # percent-encoded bytes that are not UTF-8 are malformed
            max_num_fields=_MAX_FORM_FIELDS,
        )
    except ValueError:  # includes UnicodeDecodeError and too many fields
        raise Malformed("form body is not valid UTF-8 form data") from None
    data: dict[str, str] = {}
    for key, value in pairs:
        if key in data:
            raise Malformed(f"duplicate form field: {_shown(key)}")
        data[key] = value
    return data


def _field(data: dict[str, Any], name: str, limit: int) -> str:
    if name not in data or data[name] is None or data[name] == "":
        raise Malformed(f"missing field: {name}")
    value = data[name]
    if not isinstance(value, str):
        raise Malformed(f"field {name} must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Malformed(f"field {name} is not valid Unicode") from None
    if len(value) > limit:
        raise Malformed(f"field {name} exceeds {limit} characters ({len(value)} received)")
    return value


def parse_login(request: Any) -> tuple[str, str]:
    """Return (username, password) or raise Malformed."""
    raw = read_body(request)
    mimetype = request.mimetype or ""
    if mimetype == "application/json" or mimetype.endswith("+json"):
        data: dict[str, Any] = parse_json_object(raw)
    elif mimetype in ("application/x-www-form-urlencoded", ""):
        data = parse_form(raw)
    else:
        raise Malformed("unsupported content type (use a form or JSON)")
    username = data.get("username")
    try:
        username = _field(data, "username", MAX_USERNAME_CHARS)
        password = _field(data, "password", MAX_PASSWORD_CHARS)
    except Malformed as exc:
        # Logged with refused characters replaced: never the raw text.
        exc.username = _scrub(username) if isinstance(username, str) else username
        raise
    bad = _FORBIDDEN_IN_USER_NAME.search(username)
    if bad is not None:
        raise Malformed(
            f"field username contains a control or bidi character (U+{ord(bad.group()):04X})", _scrub(username)
        )
    return username, password


def normalize_ip(value: str | None) -> str | None:
    """A valid IP address as text, or None (source.ip is mapped as `ip`)."""
    if not value:
        return None
    return _normalize_ip_text(value)


# Asked once per request, nearly always for the same few peers: parsing an address with ipaddress costs more than
# the rest of working out the client. Bounded, so spoofed X-Forwarded-For values cannot grow it.
@functools.lru_cache(maxsize=4096)
def _normalize_ip_text(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(
    remote_addr: str | None, forwarded_for: str | None, behind_proxy: bool, trusted_hops: int = 1
) -> str | None:
    """The client address: the socket peer, or behind a trusted proxy the
    X-Forwarded-For entry that the nearest `trusted_hops` proxies vouch for.

    Each proxy APPENDS the address it received the request from, so only the
    rightmost `trusted_hops` entries were written by proxies we trust; everything
    to the left of them is whatever the client sent and proves nothing. The entry
    taken is the `trusted_hops`-th from the right, as werkzeug's ProxyFix(x_for=N)
    does. The header is split on plain commas (not parsed as a quoted list): a
    client-sent quote must not be able to swallow the entries the proxies added.
    Too few entries or an entry that is not an IP address: the socket peer.
    """
    if behind_proxy and forwarded_for and trusted_hops >= 1:
        entries = [entry.strip() for entry in forwarded_for.split(",")]
        if len(entries) >= trusted_hops:
            trusted = normalize_ip(entries[-trusted_hops])
            if trusted is not None:
                return trusted
    return normalize_ip(remote_addr)
