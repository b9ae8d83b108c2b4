"""Exception classes and the registry of Issue codes.

Reads: nothing. Writes: nothing.

Two kinds of failure, kept apart on purpose:

* **Bad data** (an empty page, a broken WARC, a JSONL line that is not JSON, a page in windows-1256 that lies
  about its charset) never raises: a reader or stage adds an ``Issue`` with one of the stable codes below and
  the batch goes on. The codes are part of rasd's interface: tools filter on them, and ``docs/issues.md`` lists
  every one (a test checks that the two agree).
* **Caller and environment errors** (an unknown stage name, a settings file with a misspelt key, a pipeline
  whose stages need a layer nobody provides, a modified data file) raise a ``RasdError`` subclass at once, with
  a stable ``code`` and a message that says how to fix it.
"""

from __future__ import annotations

from typing import Final

from rasd.document import Level


class RasdError(Exception):
    """Base class of rasd's exceptions; ``code`` is a stable machine-readable string."""

    code: str = "rasd.error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class ConfigError(RasdError):
    """A settings file or option is invalid (unknown key, wrong type, bad value)."""

    code = "config.invalid"


class PipelineError(RasdError):
    """A pipeline cannot be built: unknown stage, or requirements that no earlier stage provides."""

    code = "pipeline.invalid"


class StageError(RasdError):
    """A stage raised while processing a document and the error policy is ``raise``."""

    code = "pipeline.stage_crashed"

    def __init__(self, message: str, *, stage: str, document_id: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.document_id = document_id


class DataError(RasdError):
    """A knowledge-base file is missing or differs from its catalogue entry."""

    code = "data.invalid"


# The stages the design names, in default order. Each can crash; its crash is recorded as "<stage>.crashed".
STAGE_NAMES: Final = ("extract", "normalize", "segment", "entities", "geocode", "actors", "events", "claims")

ISSUE_CODES: Final[dict[str, tuple[Level, str]]] = {
    # --- readers (rasd.ingest) ---
    "ingest.unreadable": ("error", "The file could not be read (missing, permission denied, I/O error)."),
    "ingest.too_large": (
        "error",
        "The input is larger than settings `ingest.max_input_bytes`; it was not loaded (the path is kept).",
    ),
    "ingest.jsonl_malformed": ("error", "A JSONL line is not a JSON object; the other lines still load."),
    "ingest.jsonl_no_content": ("error", "A JSONL object has neither a `text` nor an `html` string."),
    "ingest.warc_corrupt": (
        "error",
        "A WARC/ARC file is truncated or malformed; records read before the damage were kept.",
    ),
    "ingest.feed_malformed": ("error", "An RSS/Atom file is not well-formed and no item could be recovered."),
    "ingest.feed_recovered": (
        "warning",
        "The feed is not well-formed XML; this item was recovered by the lenient parser.",
    ),
    "ingest.feed_empty_item": ("error", "A feed item has no title, content or description."),
    # --- extract stage ---
    "extract.empty": ("error", "The input is empty or only whitespace."),
    "extract.binary": ("error", "The input is binary (an image, archive, PDF …), not text or HTML."),
    "extract.no_content": (
        "error",
        "No article text was found: the page holds only scripts, navigation or boilerplate.",
    ),
    "extract.short": ("warning", "The article text is very short; the page may be a stub or an index page."),
    "extract.encoding_guessed": (
        "warning",
        "No usable charset was declared; the encoding was detected from the bytes.",
    ),
    "extract.encoding_mismatch": (
        "warning",
        "The declared charset contradicts the bytes; the page was decoded with the detected one.",
    ),
    "extract.decode_errors": ("warning", "Some bytes could not be decoded and were replaced by U+FFFD."),
    "extract.truncated": (
        "warning",
        "The HTML is larger than settings `extract.max_html_bytes`; only its first part was read.",
    ),
    "extract.not_arabic": (
        "warning",
        "The text is not Arabic; it is kept, but Arabic stages may find nothing.",
    ),
    "extract.parse_failed": ("error", "The HTML could not be parsed at all."),
    # --- geocode stage ---
    "geocode.ambiguous": (
        "warning",
        "A place name has homonyms in different governorates and the article does not say which; the place is "
        "given at precision 3 without a village pin.",
    ),
}

for _stage in STAGE_NAMES:
    ISSUE_CODES[f"{_stage}.crashed"] = (
        "error",
        f"The {_stage} stage raised an unexpected exception (error policy `record`); later stages were skipped.",
    )


def issue_level(code: str) -> Level:
    """The registered level of an issue code; unknown codes are a programming error and raise KeyError."""
    return ISSUE_CODES[code][0]
