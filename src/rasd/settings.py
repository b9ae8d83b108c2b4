"""Settings: one frozen object with defaults, optionally overlaid by a TOML file.

Reads: an optional TOML file (``rasd --config FILE`` or ``RASD_CONFIG``). Writes: nothing.

Every tunable lives here, grouped by section (``[pipeline]``, ``[ingest]``, ``[extract]``); later steps add
sections. A TOML overlay may set any subset of keys; an unknown section or key, or a value of the wrong type, is
a ``ConfigError`` naming the key and the known ones, because a silently ignored typo (``max_html_byte``) is a
setting that never took effect.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rasd.errors import ConfigError

OnError = Literal["raise", "record"]


@dataclass(frozen=True)
class PipelineSettings:
    # `record`: a crashing stage becomes an Issue and the batch goes on (batch runs, the CLI);
    # `raise`: the exception propagates (tests, debugging).
    on_error: OnError = "record"
    stages: tuple[str, ...] = (
        "extract", "normalize", "segment", "entities", "geocode", "actors", "events", "claims",
    )  # fmt: skip


@dataclass(frozen=True)
class IngestSettings:
    # Files above this are not loaded at all (a 2 GB "article" is a mistake, not news).
    max_input_bytes: int = 200_000_000
    # WARC payloads above this are cut here; the page is still extracted from what was read.
    max_record_bytes: int = 20_000_000
    # Directory walking follows symlinks only when asked (loops, escapes from the tree).
    follow_symlinks: bool = False


@dataclass(frozen=True)
class ExtractSettings:
    # Parse at most this many bytes of HTML (after scripts/styles are stripped); the rest is dropped with
    # `extract.truncated`. Keeps a 50 MB page within bounded time and memory.
    max_html_bytes: int = 3_000_000
    # Below this many letters the article is flagged `extract.short`; with none at all it is `no_content`.
    min_text_chars: int = 200
    # trafilatura's precision/recall trade-off (False/False = its balanced default).
    favor_precision: bool = False
    favor_recall: bool = False
    # trafilatura first runs without its readability/jusText comparison (fast mode); only when that finds
    # fewer than this many characters is the page extracted again with the comparison (0 = always compare).
    fallback_below_chars: int = 500
    # Data tables (rows of several plain cells, e.g. a casualty table) are left out of the text: event
    # extraction reads prose. Layout tables that hold the article's paragraphs are always read.
    include_data_tables: bool = False
    # Language id looks at this many characters of the text.
    langid_chars: int = 3000
    # Languages accepted without the `extract.not_arabic` warning.
    arabic_languages: tuple[str, ...] = ("ar",)


@dataclass(frozen=True)
class Settings:
    pipeline: PipelineSettings = field(default_factory=PipelineSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Settings:
        """Defaults, overlaid by ``path`` or else by the file named in ``RASD_CONFIG`` when set."""
        path = path or os.environ.get("RASD_CONFIG") or None
        if path is None:
            return cls()
        try:
            with Path(path).open("rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc.strerror or exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"settings file {path} is not valid TOML: {exc}") from exc
        return cls().overlay(data, origin=str(path))

    def overlay(self, data: dict[str, Any], *, origin: str = "<dict>") -> Settings:
        """A copy with the sections/keys of ``data`` applied; unknown keys and wrong types raise ConfigError."""
        result: Settings = _overlay(self, data, prefix="", origin=origin)
        return result


def _overlay(obj: Any, data: dict[str, Any], *, prefix: str, origin: str) -> Any:
    hints = typing.get_type_hints(type(obj))
    known = {f.name: f for f in dataclasses.fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in known:
            raise ConfigError(
                f"{origin}: unknown setting '{dotted}'; known here: {', '.join(sorted(known))}",
                code="config.unknown_key",
            )
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: '{dotted}' must be a table", code="config.bad_type")
            changes[key] = _overlay(current, value, prefix=f"{dotted}.", origin=origin)
        else:
            changes[key] = _coerce(value, hints[key], dotted=dotted, origin=origin)
    return dataclasses.replace(obj, **changes)


def _coerce(value: Any, hint: Any, *, dotted: str, origin: str) -> Any:
    def bad(expected: str) -> ConfigError:
        return ConfigError(
            f"{origin}: '{dotted}' must be {expected}, got {value!r}",
            code="config.bad_type",
        )

    origin_type = typing.get_origin(hint)
    if origin_type is Literal:
        allowed = typing.get_args(hint)
        if value not in allowed:
            raise bad("one of " + ", ".join(repr(a) for a in allowed))
        return value
    if origin_type is tuple:
        (item_type, _ellipsis) = typing.get_args(hint)
        if not isinstance(value, list) or not all(isinstance(v, item_type) for v in value):
            raise bad(f"a list of {item_type.__name__}")
        return tuple(value)
    if origin_type in (typing.Union, types.UnionType):
        raise bad("a supported type")  # no optional settings yet; keep the error explicit if one is added
    if hint is bool:
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("an integer")
        if value < 0:
            raise bad("a non-negative integer")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad("a number")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise bad("a string")
        return value
    raise bad(f"of type {hint}")
