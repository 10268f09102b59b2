"""The Windows installer script refuses what Qt 6 cannot run on (Inno Setup is not available
here, so the script is parsed the way ISCC reads it: sections, `Key=Value` directives,
language-prefixed messages)."""
import re
from pathlib import Path

import pytest

ISS = Path(__file__).resolve().parent.parent / "packaging" / "windows" / "chibo.iss"
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def parse_iss(path: Path) -> dict[str, list[tuple[str, str]]]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")  # UTF-8, a BOM allowed; anything else fails here
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[([A-Za-z]+)\]", line)
        if m:
            current = m.group(1)
            sections.setdefault(current, [])
            continue
        assert current is not None, f"text before the first section: {line!r}"
        if current in ("Setup", "Messages", "CustomMessages", "LangOptions"):
            key, sep, value = line.partition("=")
            assert sep, f"[{current}] line without '=': {line!r}"
            sections[current].append((key.strip(), value.strip()))
        else:
            sections[current].append(("", line))
    return sections


@pytest.fixture(scope="module")
def iss():
    return parse_iss(ISS)


def setup(iss):
    entries = iss["Setup"]
    keys = [k.lower() for k, _ in entries]
    assert len(keys) == len(set(keys)), "a [Setup] directive is given twice"
    return {k.lower(): v for k, v in entries}


def test_saved_with_bom_for_the_vietnamese_texts():
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")


def test_refuses_windows_older_than_10_1809(iss):
    # Windows 10 1809 is build 17763; Inno Setup compares major.minor.build.
    assert setup(iss)["minversion"] == "10.0.17763"


def test_refuses_32_bit_windows_and_installs_in_64_bit_mode(iss):
    s = setup(iss)
    assert s["architecturesallowed"] == "x64compatible"
    assert s["architecturesinstallin64bitmode"] == "x64compatible"


def test_both_languages_declared(iss):
    names = [re.search(r'Name:\s*"([^"]+)"', v).group(1) for _, v in iss["Languages"]]
    assert names[0] == "vi" and "en" in names


@pytest.mark.parametrize("message", ["WinVersionTooLowError", "WindowsVersionNotSupported",
                                     "OnlyOnTheseArchitectures"])
def test_refusal_messages_are_vietnamese_first_and_english(iss, message):
    messages = dict(iss["Messages"])
    vi = messages[f"vi.{message}"]
    en = messages[f"en.{message}"]
    assert VIETNAMESE.search(vi), vi
    assert "Windows" in vi and "1809" in vi
    assert "không cài được" in vi
    assert not VIETNAMESE.search(en)
    # Messages are single lines; %n is Inno Setup's line break, %% a literal percent.
    for text in (vi, en):
        assert "\n" not in text
        assert not re.search(r"%(?![n%1-9])", text), text


def test_architecture_messages_name_64_bit(iss):
    messages = dict(iss["Messages"])
    for key in ("vi.WindowsVersionNotSupported", "vi.OnlyOnTheseArchitectures"):
        assert "64-bit" in messages[key] and "32-bit" in messages[key]


def test_version_message_keeps_the_required_version_argument(iss):
    # %2 is the version Setup requires (10.0.17763), so the figure shown is always right.
    vi = dict(iss["Messages"])["vi.WinVersionTooLowError"]
    assert "%2" in vi and "1809" in vi


def test_every_message_language_is_declared(iss):
    names = {re.search(r'Name:\s*"([^"]+)"', v).group(1) for _, v in iss["Languages"]}
    for key, _ in iss["Messages"]:
        if "." in key:
            assert key.split(".", 1)[0] in names, key


def _messages_files(iss) -> dict[str, str]:
    return {re.search(r'Name:\s*"([^"]+)"', v).group(1):
            re.search(r'MessagesFile:\s*"([^"]+)"', v).group(1) for _, v in iss["Languages"]}


def test_vietnamese_messages_ship_beside_the_script(iss):
    # Vietnamese.isl is in Inno Setup's "Unofficial" folder, which a stock install lacks: the
    # script names the copy beside it (relative to the script's folder), not "compiler:".
    files = _messages_files(iss)
    assert files["vi"] == "Vietnamese.isl"
    assert (ISS.parent / files["vi"]).is_file()
    assert files["en"] == "compiler:Default.isl"          # English is in every Inno Setup


def test_vietnamese_messages_file_is_a_vietnamese_language_file():
    isl = parse_iss(ISS.parent / "Vietnamese.isl")       # UTF-8 (ISCC 6.3+ needs no BOM)
    options = dict(isl["LangOptions"])
    assert options["LanguageName"] == "Tiếng Việt"
    assert options["LanguageID"] == "$042A"                # Windows' LANGID of Vietnamese
    messages = dict(isl["Messages"])
    assert len(messages) == len(isl["Messages"]), "a message is given twice"
    # The buttons and titles a user sees on every page are there, in Vietnamese.
    for key in ("SetupAppTitle", "ButtonNext", "ButtonInstall", "ButtonCancel", "ButtonFinish",
                "WizardSelectDir", "UninstallAppTitle"):
        assert VIETNAMESE.search(messages[key]), (key, messages[key])
    assert messages["SetupWindowTitle"].count("%1") == 1
