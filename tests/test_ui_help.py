"""The offline user guide: F1 on every wizard step opens that step's page, Help ▸ User guide
opens the contents, every link and picture is a shipped file, and the Vietnamese guide has
no English words."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app import i18n

from uihelpers import store, ui_env, window  # noqa: F401

HELP = Path(__file__).resolve().parents[1] / "resources" / "help"
MAX_PICTURE = 60_000
# Words that must not appear in the Vietnamese guide (common English UI words).
ENGLISH = {"the", "and", "click", "file", "files", "button", "step", "meeting", "save", "help",
           "page", "member", "members", "open", "close", "settings", "error", "cancel", "next",
           "back", "export", "import", "sign", "key", "password", "passphrase", "select",
           "please", "you", "your", "with", "for", "of", "is", "not", "menu", "folder", "backup",
           "restore", "minutes", "checklist", "draft", "wizard", "report", "vote", "section"}


@pytest.fixture
def demo_store(store):
    """The demo cell with finalised regular and thematic meetings (every step viewable)."""
    from app.demo import make_demo

    make_demo(store, thematic=True)
    return store


class Page(HTMLParser):
    def __init__(self, path: Path):
        super().__init__()
        self.title, self.text, self.refs, self._in_title = "", [], [], False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_title = tag == "title"
        for key in ("href", "src"):
            if attrs.get(key):
                self.refs.append(attrs[key])
        if attrs.get("alt"):
            self.text.append(attrs["alt"])

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text.append(data)


def step_title(lang: str, step: str) -> str:
    return Page(HELP / lang / f"step-{step}.html").title


def click_step(frame, qtbot, step_id):
    row = frame.procedure.step_ids.index(step_id)
    rect = frame.steps.visualItemRect(frame.steps.item(row))
    qtbot.mouseClick(frame.steps.viewport(), Qt.LeftButton, pos=rect.center())
    assert frame.shown == step_id


@pytest.mark.parametrize("kind", ["regular", "thematic"])
def test_f1_on_each_wizard_step_opens_its_page(window, demo_store, qtbot, kind):
    view = window.shell.show_section("meetings")
    finalised = [r for r in view.rows if r["status"] == "finalised" and r["kind"] == kind]
    assert finalised
    view.table.selectRow(view.rows.index(finalised[-1]))
    qtbot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    assert frame.kind == kind
    for step in frame.procedure.steps:
        click_step(frame, qtbot, step.id)
        QTest.keyClick(frame.steps, Qt.Key_F1)
        dialog = window._help_dialog
        assert dialog.isVisible()
        assert dialog.title() == step_title("vi", step.id)
        assert step.label() in dialog.title()                 # "Bước Mở đầu" on Mở đầu
        assert dialog.browser.source().fileName() == f"step-{step.id}.html"
        assert step.label() in dialog.browser.toPlainText()
        dialog.close()


def test_f1_in_english_opens_the_english_page(ui_env, demo_store, qtbot):
    from app.settings import load_settings
    from ui.app_window import MainWindow

    i18n.set_language("en")                                  # as `chibo --lang en`
    window = MainWindow(demo_store, load_settings())
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    view = window.shell.show_section("meetings")
    finalised = [r for r in view.rows if r["status"] == "finalised" and r["kind"] == "regular"]
    view.table.selectRow(view.rows.index(finalised[-1]))
    qtbot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    click_step(frame, qtbot, "opening")
    QTest.keyClick(frame.steps, Qt.Key_F1)
    assert window._help_dialog.title() == "Step Opening"
    assert "Roll call" in window._help_dialog.browser.toPlainText()


def test_help_menu_has_the_guide_and_more_than_about(window, qtbot):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Trợ &giúp")
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert len(texts) >= 3 and "Hướng dẫn &sử dụng" in texts
    window.action_guide.trigger()
    dialog = window._help_dialog
    assert dialog.isVisible() and dialog.title() == "Hướng dẫn sử dụng chibo"
    # Following a link inside the guide stays in the viewer; Back returns.
    window.action_trouble.trigger()
    assert "bị khóa" in dialog.title()
    assert "đang được một chương trình khác sử dụng" in dialog.browser.toPlainText()
    qtbot.mouseClick(dialog.contents_button, Qt.LeftButton)
    assert dialog.title() == "Hướng dẫn sử dụng chibo"
    qtbot.mouseClick(dialog.back_button, Qt.LeftButton)
    assert "bị khóa" in dialog.title()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_link_and_picture_is_shipped(lang):
    pages = sorted((HELP / lang).glob("*.html"))
    assert len(pages) >= 16
    assert {p.name for p in pages} == {p.name for p in (HELP / "vi").glob("*.html")}
    pictures = 0
    for page in pages:
        parsed = Page(page)
        assert parsed.title, page
        for ref in parsed.refs:
            assert not re.match(r"[a-z]+:", ref), (page.name, ref)   # offline: no web links
            target = (page.parent / ref.split("#")[0]).resolve()
            assert target.is_file(), (page.name, ref)
            if target.suffix == ".png":
                pictures += 1
                assert target.stat().st_size <= MAX_PICTURE, target
                assert target.name.startswith(lang + "-"), (page.name, ref)
    assert pictures >= 15


def test_the_step_pages_cover_every_procedure_step():
    ids = set()
    for path in (HELP.parent / "procedures").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        ids |= set(re.findall(r'\[\[steps\]\]\s*\nid = "([^"]+)"', text))
    assert ids and all((HELP / "vi" / f"step-{i}.html").is_file() for i in ids), ids


def test_the_vietnamese_guide_has_no_english_words():
    found = {}
    for page in (HELP / "vi").glob("*.html"):
        parsed = Page(page)
        words = set(re.findall(r"[A-Za-z]+", " ".join(parsed.text).lower()))
        if words & ENGLISH:
            found[page.name] = sorted(words & ENGLISH)
    assert found == {}
