"""Every screen, every button and action, pressed through real signals (issue 15).

Each test opens one screen on the demo data and presses each visible, enabled QPushButton,
QToolButton and QAction once (tests/clickall.py), every box it opens answered "no"/"cancel".
A Python exception in a slot or a Qt warning fails the test (tests/conftest.py).
"""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QTabWidget

import meeting_helpers as mh
from clickall import answered_no, press_everything
from uihelpers import demo_store, store, ui_env, window  # noqa: F401

IMPORT_BUTTON = "Nhập từ tệp…"


@pytest.mark.parametrize("section", ["home", "cell", "calendar", "ehandbook", "office"])
def test_every_button_of_a_section(section, window, qtbot):
    window.shell.show_section(section)
    pressed = press_everything(lambda: window.shell.pages[section], qtbot)
    assert pressed or section in ("home", "ehandbook"), section


def test_every_button_of_the_meetings_list_then_the_wizard(window, qtbot):
    """The list's buttons first (a finalised meeting selected), then starting the next meeting,
    which opens the wizard, whose buttons are pressed in turn."""
    from app.demo import add_demo_meetings

    add_demo_meetings(window.store)
    view = window.shell.show_section("meetings")
    view.table.selectRow(0)

    def starts(text):
        return text.startswith(("Bắt đầu cuộc họp", "Tiếp tục cuộc họp"))
    first = press_everything(lambda: view, qtbot, skip=starts)
    assert {"Họp thường kỳ vào ngày…", "Sinh hoạt chuyên đề…", "Mở"} <= set(first), first
    second = press_everything(lambda: view, qtbot)
    assert any(starts(text) for text in second) and "Tiếp tục" in second, second


def test_every_button_of_the_members_section(window, qtbot):
    window.shell.show_section("members")
    view = window.shell.pages["members"]
    view.table.selectRow(0)                     # edit / left / delete need a selected member
    pressed = press_everything(lambda: view, qtbot, skip=(IMPORT_BUTTON,))
    assert "Thêm…" in pressed and "Xóa" in pressed and IMPORT_BUTTON not in pressed


def test_members_import_button_asks_for_a_file(window, qtbot):
    view = window.shell.show_section("members")
    with answered_no() as asked:
        qtbot.mouseClick(view.import_button, Qt.LeftButton)
        QApplication.processEvents()
    assert [a for a in asked if a[0] == "file"], asked


def test_every_menu_action_of_the_main_window(window, qtbot):
    """File, View (both languages, large text), Scoring, Help; Quit last."""
    pressed = press_everything(lambda: window, qtbot, skip=("Thoát", "Quit"))
    assert "Sao lưu ngay" in pressed
    assert "English" in pressed             # the window was rebuilt in English, then pressed on
    window.action_quit.trigger()
    assert not window.isVisible()


def test_every_office_console_tab(window, qtbot):
    console = window.shell.show_section("office")
    tabs = console.findChild(QTabWidget)
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        press_everything(lambda: tabs.currentWidget(), qtbot)


# --- dialogs --------------------------------------------------------------------------------

def _dialogs(store, parent, tmp_path):
    from app.members import list_members
    from app.planning import ensure_year_plan
    from ui.backups_dialog import BackupsDialog
    from ui.documents.verify_dialog import VerifyDialog
    from ui.import_dialog import ImportDialog
    from ui.meetings_view import NewMeetingDialog
    from ui.member_dialog import LeftDialog, MemberDialog
    from ui.office.evaluation import CellEvaluationDialog
    from ui.office.import_dialog import FingerprintDialog
    from ui.plan_editor import RegularDialog, ThematicDialog
    from ui.days_off_dialog import DaysOffDialog
    from ui.export_dialog import ExportDialog
    from ui.rubric_editor import RubricEditor
    from ui.score_history import ScoreHistoryDialog

    member = list_members(store)[0]
    csv = tmp_path / "ds.csv"
    csv.write_text("Họ và tên,Ngày sinh,Giới tính,Đảng viên\nPhan Thị Thu,03/04/1990,Nữ,"
                   "chính thức\nLại Văn Nam,31/02/1991,Nam,chính thức\n", encoding="utf-8")
    year = dt.date.today().year
    regular = next(i for i in ensure_year_plan(store, year) if i.kind == "regular")
    return {
        "export": lambda: ExportDialog(store, parent),
        "backups": lambda: BackupsDialog(store, parent),
        "days_off": lambda: DaysOffDialog(store, dt.date.today().year, parent),
        "rubric_editor": lambda: RubricEditor(store, parent),
        "score_history": lambda: ScoreHistoryDialog(store, parent),
        "member_add": lambda: MemberDialog(store, None, parent),
        "member_edit": lambda: MemberDialog(store, member, parent),
        "member_left": lambda: LeftDialog(store, member, parent),
        "members_import": lambda: ImportDialog(store, csv, parent),
        "new_regular": lambda: NewMeetingDialog(store, "regular", parent),
        "new_thematic": lambda: NewMeetingDialog(store, "thematic", parent),
        "new_combined": lambda: NewMeetingDialog(store, "combined", parent),
        "plan_regular": lambda: RegularDialog(store, regular, parent),
        "plan_thematic": lambda: ThematicDialog(store, year, None, parent),
        "model_cell_evaluation": lambda: CellEvaluationDialog(store, parent),
        "verify": lambda: VerifyDialog(parent, store),
        "fingerprint": lambda: FingerprintDialog("Chi bộ Khoa Y tế công cộng", "AB12" * 16,
                                                 parent=parent),
    }


DIALOGS = ["export", "backups", "days_off", "rubric_editor", "score_history", "member_add",
           "member_edit", "member_left", "members_import", "new_regular", "new_thematic",
           "new_combined", "plan_regular", "plan_thematic", "model_cell_evaluation", "verify",
           "fingerprint"]


@pytest.mark.parametrize("name", DIALOGS)
def test_every_button_of_a_dialog(name, window, demo_store, qtbot, tmp_path):
    from app.services.store import backup_now

    backup_now(demo_store, reason="manual")
    dialog = _dialogs(demo_store, window, tmp_path)[name]()
    qtbot.addWidget(dialog)
    dialog.show()

    def root():
        if not dialog.isVisible():          # OK/Close pressed: open it again for the rest
            dialog.show()
        return dialog
    press_everything(root, qtbot)
    dialog.close()


# --- the meeting wizard, each step ----------------------------------------------------------

@pytest.fixture
def meeting_window(ui_env, tmp_path, qtbot):
    """The demo cell of 10/04/2024 with a regular meeting typed up to the read-back step, not
    finalised (every step reachable and editable), and a thematic meeting begun."""
    from app.settings import load_settings
    from app.store import open_store
    from ui.app_window import MainWindow

    s = open_store(tmp_path / "cell.sqlite")
    people = mh.demo_store(s)
    mid = mh.run_meeting(s, people, finalise=False)
    w = MainWindow(s, load_settings())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    yield w, mid
    s.close()


def _walk_steps(frame, qtbot, reached_only=False):
    steps = frame.steps
    for row in range(steps.count()):
        item = steps.item(row)
        if reached_only and item.data(Qt.UserRole) not in frame.session.wizard.visited:
            continue
        rect = steps.visualItemRect(item)
        steps.scrollToItem(item)
        qtbot.mouseClick(steps.viewport(), Qt.LeftButton, pos=rect.center())
        page = frame.current_page()
        assert frame.shown == item.data(Qt.UserRole), frame.status.text()
        press_everything(lambda: frame.current_page(), qtbot)   # finalise too: answered no
        yield page


def test_every_button_of_every_wizard_step_regular(meeting_window, qtbot):
    w, mid = meeting_window
    view = w.shell.show_section("meetings")
    frame = view.open_meeting(mid)
    shown = [frame.shown for _page in _walk_steps(frame, qtbot)]
    assert len(shown) == frame.steps.count() >= 6
    press_everything(lambda: frame, qtbot)   # the frame's own buttons, the list one last


def test_every_button_of_every_wizard_step_thematic(window, qtbot):
    """A thematic meeting typed through to its read-back (tests/test_ui_wizard_thematic.py),
    then each step's buttons."""
    from test_ui_wizard_thematic import drive_thematic, new_meeting

    view = window.shell.show_section("meetings")
    frame = new_meeting(view, qtbot, view.thematic_button, "10/12/2026")
    drive_thematic(frame, qtbot, "14:00", "15:40", finalise=False)
    shown = [frame.shown for _page in _walk_steps(frame, qtbot, reached_only=True)]
    assert shown[:5] == ["before", "opening", "proceedings", "closing", "readback"]
    press_everything(lambda: frame, qtbot)


def test_documents_panel_of_a_finalised_meeting(meeting_window, qtbot):
    from ui.documents.documents_panel import DocumentsDialog

    w, _mid = meeting_window
    s = w.store
    people = {m.full_name: m for m in __import__("app.members", fromlist=["x"]).list_members(s)}
    done = mh.run_meeting(s, people, day=dt.date(2024, 3, 6))
    dialog = DocumentsDialog(s, done, w)
    qtbot.addWidget(dialog)
    dialog.show()
    press_everything(lambda: dialog if dialog.isVisible() else (dialog.show() or dialog), qtbot)


def _wheel_targets(page, step):
    if step == "opening":                       # the roll call's status box of the first row
        box = next(iter(page.rows.values())).status
        return box, box.currentIndex
    box = page.spins["for"]                     # the closing step's vote count
    return box, box.value


@pytest.mark.parametrize("step", ["opening", "closing"])
def test_wheel_over_a_box_in_a_scroll_area_changes_nothing(step, meeting_window, qtbot):
    """Issue 15: scrolling the page with the wheel over a combo or spin box changed a member's
    attendance or a vote count; a box without focus must leave the wheel to the page."""
    w, mid = meeting_window
    frame = w.shell.show_section("meetings").open_meeting(mid)
    frame.go_to(step)
    box, value = _wheel_targets(frame.current_page(), step)
    before = value()
    frame.next_button.setFocus()
    assert not box.hasFocus()
    for delta in (-120, -120, 120, 120, 120):
        pos = QPointF(box.width() / 2, box.height() / 2)
        event = QWheelEvent(pos, box.mapToGlobal(pos), QPoint(0, 0), QPoint(0, delta),
                            Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
        QApplication.sendEvent(box, event)
    assert value() == before
