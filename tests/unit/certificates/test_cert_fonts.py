"""An operator installs the service on a fresh machine: the CJK font is found, or the error says why."""
from __future__ import annotations

import pytest

from services.certificates.rendering import CjkFontError, find_cjk_font, register_cjk_font
from services.certificates.rendering import fonts


def test_the_font_shipped_with_the_project_requirements_is_found_by_default(monkeypatch):
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    assert find_cjk_font().endswith("wqy-microhei.ttc")


def test_a_configured_font_path_wins_and_a_wrong_one_is_reported(monkeypatch, tmp_path):
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    packaged = find_cjk_font()
    assert find_cjk_font(packaged) == packaged
    with pytest.raises(CjkFontError, match="not found"):
        find_cjk_font(tmp_path / "missing.ttf")
    monkeypatch.setenv(fonts.ENV_VAR, str(tmp_path / "also-missing.ttc"))
    with pytest.raises(CjkFontError, match="also-missing"):
        find_cjk_font()


def test_a_machine_without_any_cjk_font_gets_an_error_that_says_what_to_install(monkeypatch):
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    monkeypatch.setattr(fonts, "_packaged_font", lambda: None)
    monkeypatch.setattr(fonts, "DEBIAN_FONTS", ("/nonexistent/font.ttc",))
    with pytest.raises(CjkFontError, match="paperang-p2-fonts-cjk.*fonts-wqy-microhei"):
        find_cjk_font()


def test_a_file_that_is_not_a_truetype_font_is_refused_clearly(tmp_path):
    fake = tmp_path / "NotoSansCJK-Regular.otf"
    fake.write_bytes(b"OTTO" + bytes(200))
    with pytest.raises(CjkFontError, match="Cannot embed"):
        register_cjk_font(fake)


def test_the_font_is_registered_once_per_process():
    assert register_cjk_font() == register_cjk_font()
