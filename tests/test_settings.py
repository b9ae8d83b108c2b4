from __future__ import annotations

from pathlib import Path

import pytest

from rasd.errors import ConfigError
from rasd.settings import Settings


def test_settings_defaults_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(AttributeError):
        settings.extract.max_html_bytes = 1  # type: ignore[misc]


def test_settings_toml_overlay(tmp_path: Path) -> None:
    path = tmp_path / "rasd.toml"
    path.write_text(
        '[extract]\nmax_html_bytes = 1000\narabic_languages = ["ar", "fa"]\n[pipeline]\non_error = "raise"\n'
    )
    settings = Settings.load(path)
    assert settings.extract.max_html_bytes == 1000
    assert settings.extract.arabic_languages == ("ar", "fa")
    assert settings.pipeline.on_error == "raise"
    assert settings.ingest == Settings().ingest


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ("[extract]\nmax_html_byte = 1\n", "unknown setting 'extract.max_html_byte'"),
        ("[extrct]\nx = 1\n", "unknown setting 'extrct'"),
        ("[extract]\nmax_html_bytes = 'big'\n", "must be an integer"),
        ("[pipeline]\non_error = 'ignore'\n", "must be one of"),
        ("[extract]\nfavor_precision = 1\n", "true or false"),
        ("extract = 3\n", "must be a table"),
    ],
)
def test_settings_rejects_bad_keys_and_types(tmp_path: Path, toml: str, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=fragment.replace("(", r"\(").replace("'", "'")):
        Settings.load(path)


def test_settings_invalid_toml_is_config_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[extract\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.load(path)
