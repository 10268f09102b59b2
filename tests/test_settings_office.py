"""The office console's chosen data file is remembered beside the language and the last file."""
from app.settings import load_settings, save_settings


def test_office_db_is_saved_and_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIBO_SETTINGS", str(tmp_path / "settings.json"))
    settings = load_settings()
    assert settings.office_db == ""
    settings.office_db = str(tmp_path / "văn phòng.sqlite")
    save_settings(settings)
    again = load_settings()
    assert again.office_db == str(tmp_path / "văn phòng.sqlite")
    assert again.language == settings.language
