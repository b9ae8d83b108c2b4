"""Canonical URLs, so that one article reached by several URLs gets one document id.

Reads: a URL string. Writes: its canonical form, or None when it is not an http(s) URL.

Lower-cased scheme and host, ``www.`` kept (sites differ), default ports and fragments dropped, tracking
parameters (``utm_*``, ``fbclid``, ``gclid`` …) removed, remaining query parameters sorted, percent-encoding
of the path normalized so that ``/news/اشتباكات`` and ``/news/%D8%A7%D8%B4...`` are the same page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_")
_TRACKING_KEYS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "igshid", "ref", "ref_src", "amp", "output"}
)


def canonical_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = quote(unquote(parts.path or "/"), safe="/:@!$&'()*+,;=-._~")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_KEYS
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))
