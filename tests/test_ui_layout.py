"""Issue 15, item 5: the app is usable at 1280×720 in large text (the View menu's "Larger
text"), the size a 45–60-year-old secretary reads comfortably: no window wider than the
screen, no horizontal scroll bar in the wizard, dialogs within the screen, and a roll call
that shows at least eight members at once at 1280×720."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from uihelpers import store, ui_env  # noqa: F401

SMALL = (1280, 720)
SECTIONS = ("home", "cell", "members", "calendar", "ehandbook", "meetings", "office")


@pytest.fixture
def meeting_store(store):
    """The demo cell of 10/04/2024: a finalised meeting (03/2024) and one typed up to its
    read-back (04/2024)."""
    import meeting_helpers as mh

    people = mh.demo_store(store)
    done = mh.run_meeting(store, people, day=dt.date(2024, 3, 6))
    draft = mh.run_meeting(store, people, finalise=False)
    return store, done, draft


def _window(store, qtbot, large: bool):
    from app.settings import load_settings
    from ui.app_window import MainWindow

    w = MainWindow(store, load_settings())
    qtbot.addWidget(w)
    w.resize(*SMALL)
    w.show()
    if large:
        w.action_large_text.trigger()          # View ▸ Larger text, as the secretary does
        assert QApplication.font().pointSizeF() > 10
    w.resize(*SMALL)
    QApplication.processEvents()
    return w


def _settle():
    for _ in range(4):
        QApplication.processEvents()


def _click_step(frame, qtbot, row: int) -> None:
    item = frame.steps.item(row)
    rect = frame.steps.visualItemRect(item)
    qtbot.mouseClick(frame.steps.viewport(), Qt.LeftButton, pos=rect.center())
    _settle()


def test_every_section_fits_1280x720_in_large_text(ui_env, meeting_store, qtbot):
    store, _done, _draft = meeting_store
    w = _window(store, qtbot, large=True)
    for section in SECTIONS:
        w.shell.show_section(section)
        _settle()
        need = w.minimumSizeHint()
        assert need.width() <= SMALL[0] and need.height() <= SMALL[1], (section, need)
        assert w.width() <= SMALL[0], (section, w.width())


@pytest.mark.parametrize("large", [True, False], ids=["large", "normal"])
def test_no_wizard_step_scrolls_sideways_at_1280x720(ui_env, meeting_store, qtbot, large):
    store, done, draft = meeting_store
    w = _window(store, qtbot, large)
    view = w.shell.show_section("meetings")
    for mid in (draft, done):
        frame = view.open_meeting(mid)
        _settle()
        for row in range(frame.steps.count()):
            _click_step(frame, qtbot, row)
            step = frame.steps.item(row).data(Qt.UserRole)
            assert frame.shown == step
            page = frame.current_page()
            assert w.width() <= SMALL[0]
            assert not page.scroll.horizontalScrollBar().isVisible(), (large, step)
            assert page.body.minimumSizeHint().width() <= page.scroll.viewport().width(), step
            # the step list never scrolls sideways; a name too long for it wraps, and the
            # full name is in the tooltip
            assert not frame.steps.horizontalScrollBar().isVisible()
            label = frame.procedure.step(step).label()
            assert frame.steps.item(row).toolTip().startswith(label)
        view.close_wizard()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_checklist_items_do_not_overlap_in_large_text(ui_env, meeting_store, qtbot, lang):
    from app import i18n
    from ui import style

    i18n.set_language(lang)
    style.apply(QApplication.instance(), language=lang, large_text=False)
    store, _done, draft = meeting_store
    w = _window(store, qtbot, large=True)
    frame = w.shell.show_section("meetings").open_meeting(draft)
    for row in range(frame.steps.count()):
        _click_step(frame, qtbot, row)
        _settle()
        checklist = frame.checklist
        rects = [checklist.visualItemRect(checklist.item(i)) for i in range(checklist.count())]
        for a, b in zip(rects, rects[1:]):
            assert a.bottom() < b.top(), (row, a, b)
        # each item has the lines its wrapped text needs (none cut short with "…")
        metrics = checklist.fontMetrics()
        for i, rect in enumerate(rects):
            text = checklist.item(i).text()
            option = QStyleOptionViewItem()
            option.initFrom(checklist.viewport())
            option.rect = rect
            option.text = text
            option.features |= (QStyleOptionViewItem.HasCheckIndicator |
                                QStyleOptionViewItem.HasDisplay |
                                QStyleOptionViewItem.WrapText)
            room = checklist.style().subElementRect(QStyle.SE_ItemViewItemText, option,
                                                    checklist)
            margin = checklist.style().pixelMetric(QStyle.PM_FocusFrameHMargin) + 1
            lines = metrics.boundingRect(QRect(0, 0, room.width() - 2 * margin, 100000),
                                         Qt.TextWordWrap, text)
            assert room.height() >= lines.height(), (lang, row, text, room, lines)
            assert checklist.item(i).toolTip().startswith(text)


def test_roll_call_shows_eight_members_at_once_at_1280x720(ui_env, meeting_store, qtbot):
    store, _done, draft = meeting_store
    w = _window(store, qtbot, large=False)
    frame = w.shell.show_section("meetings").open_meeting(draft)
    _click_step(frame, qtbot, frame.procedure.index("opening"))
    page = frame.current_page()
    assert page.scroll.verticalScrollBar().value() == 0
    viewport = page.scroll.viewport()
    seen = 0
    for roll_row in page.rows.values():
        top = roll_row.status.mapTo(viewport, roll_row.status.rect().topLeft())
        bottom = roll_row.status.mapTo(viewport, roll_row.status.rect().bottomLeft())
        seen += top.y() >= 0 and bottom.y() <= viewport.height()
    assert seen >= 8, seen
    # the figures are summed up above the roll call; the full table on demand
    assert "23" in page.figures_summary.text()
    assert not page.figures_box.isVisible()
    qtbot.mouseClick(page.figures_button, Qt.LeftButton)
    assert page.figures_box.isVisible() and page.figures["base"].text() == "23"


@pytest.mark.parametrize("name", ["days-off", "rubric-editor", "score-history"])
def test_dialogs_fit_the_screen_in_large_text(ui_env, meeting_store, qtbot, name):
    from ui import style
    from ui.days_off_dialog import DaysOffDialog
    from ui.rubric_editor import RubricEditor
    from ui.score_history import ScoreHistoryDialog

    store, _done, _draft = meeting_store
    style.apply(QApplication.instance(), language="vi", large_text=True)
    make = {"days-off": lambda: DaysOffDialog(store, 2024),
            "rubric-editor": lambda: RubricEditor(store),
            "score-history": lambda: ScoreHistoryDialog(store)}[name]
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    free = dialog.screen().availableGeometry()
    assert dialog.width() <= free.width() and dialog.height() <= free.height(), (
        dialog.size(), free)
    need = dialog.minimumSizeHint()
    assert need.width() <= SMALL[0] and need.height() <= SMALL[1] - 40, need
