"""Readers that turn inputs (text, HTML, JSONL, WARC, RSS/Atom) into Documents, keeping the raw input."""

from rasd.ingest.readers import Reader, ReadStats, SourceDefaults

__all__ = ["ReadStats", "Reader", "SourceDefaults"]
