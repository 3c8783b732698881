"""The client's network address, decided by one setting: MOCUA_TRUSTED_PROXY_HEADER.

Every per-address rule (login throttling, public tracking) asks `client_address(request)`, never
`REMOTE_ADDR` or a forwarded header directly, so the deployment decides in one place whom to trust.
"""

import ipaddress

from django.conf import settings


def _meta_key(header: str) -> str:
    """`X-Forwarded-For`, `HTTP_X_FORWARDED_FOR` or `x-real-ip` → the request.META key."""
    key = header.strip().upper().replace("-", "_")
    if key == "REMOTE_ADDR" or key.startswith("HTTP_"):
        return key
    return f"HTTP_{key}"


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address of the client that sent `request`.

    With MOCUA_TRUSTED_PROXY_HEADER empty (the default) it is REMOTE_ADDR, the peer of the
    connection: right when clients reach the application server directly. Behind a reverse proxy
    that peer is the proxy, for everyone; then name the header the proxy sets (`X-Forwarded-For`,
    `X-Real-IP` …). Its right-most entry is the one the trusted proxy wrote; entries to its left are
    whatever the client sent and are never believed. A request without the header (it did not come
    through the proxy) or with a value that is not an address falls back to REMOTE_ADDR.
    """
    meta = getattr(request, "META", {})
    header = getattr(settings, "MOCUA_TRUSTED_PROXY_HEADER", "")
    if header:
        raw = meta.get(_meta_key(header), "")
        entries = [e for e in raw.split(",") if e.strip()]
        if entries:
            found = _address(entries[-1])
            if found:
                return found
    return _address(meta.get("REMOTE_ADDR", "")) or None
