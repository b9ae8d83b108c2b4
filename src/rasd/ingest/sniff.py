"""Cheap looks at raw bytes: is this binary, which container format is it.

Reads: the first bytes of an input. Writes: a name (``png``, ``warc`` …) or None. Never raises.

A PNG renamed ``article.html`` must become ``extract.binary``, not a page of mojibake; a ``.dat`` file that
starts with ``WARC/1.0`` is a web archive whatever its name says.
"""

from __future__ import annotations

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
    (b"fLaC", "flac"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"wOFF", "woff"),
    (b"wOF2", "woff2"),
    (b"\x7fELF", "elf"),
    (b"SQLite format 3\x00", "sqlite"),
)
_RIFF_KINDS = {b"WEBP": "webp", b"WAVE": "wav", b"AVI ": "avi"}
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def binary_kind(data: bytes) -> str | None:
    """The kind of binary data (``png``, ``pdf``, ``binary`` …), or None when it looks like text."""
    head = data[:8192]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and len(head) >= 12:
        return _RIFF_KINDS.get(head[8:12], "riff")
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text has NUL bytes by design
    if b"\x00" in head:
        return "binary"
    if head:
        controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
        if controls / len(head) > 0.05:
            return "binary"
    return None


def container_kind(head: bytes) -> str | None:
    """``warc``, ``arc``, ``gzip`` (possibly a WARC), ``feed``, ``html``, ``jsonl`` — or None for plain text."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"filedesc://"):
        return "arc"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    lower = stripped[:2048].lower()
    if lower.startswith(b"<"):
        if b"<rss" in lower or b"<feed" in lower or b"<rdf:rdf" in lower:
            return "feed"
        return "html"
    if stripped.startswith(b"{"):
        return "jsonl"
    return None
