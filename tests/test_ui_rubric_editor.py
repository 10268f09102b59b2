"""The rubric editor on a real data file: copy, edit, live Vietnamese validation, save, use."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from app import meeting_score
from app.rules import scoring

from uihelpers import on_modal, scored_store, store, ui_env  # noqa: F401


GROUP_SUM_ERROR = ("Các tiêu chí của nhóm “Công tác chuẩn bị sinh hoạt chi bộ” cộng lại được "
                   "16 điểm, không bằng 15 điểm của nhóm.")
ORDER_ERROR = ("Các mức xếp loại phải xếp từ cao xuống thấp: “Khá” bắt đầu từ 95, cao hơn “Tốt” "
               "bắt đầu từ 90.")


@pytest.fixture
def editor(ui_env, store, qtbot):
    from ui.rubric_editor import RubricEditor

    dialog = RubricEditor(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def copy_through_dialog(editor, qtbot, new_id: str, name: str) -> None:
    errors: list = []

    def fill(dialog):
        dialog.ident.setText(new_id)
        dialog.name.setText(name)
        assert dialog.ok.isEnabled()
        dialog.ok.click()

    on_modal(fill, errors)
    editor.copy_button.click()
    assert errors == []


def criterion_item(editor, group: int, criterion: int):
    return editor.tree.topLevelItem(group).child(criterion)


def test_copy_edit_invalid_then_fixed_saved_and_chosen(editor, store, qtbot):
    editor.select("qd28-2019")
    copy_through_dialog(editor, qtbot, "qd28-chibo", "Chấm điểm của chi bộ")
    assert editor.rubric.id == "qd28-chibo" and editor.editable
    assert "qd28-chibo" in meeting_score.custom_rubrics(store)
    assert meeting_score.current_rubric(store).id == "qd28-2019"   # a copy is not yet in use

    # First preparation criterion 4 → 5: the group of 15 now adds up to 16.
    item = criterion_item(editor, 0, 0)
    editor.tree.setCurrentItem(item)
    item.setText(2, "5")
    assert editor.tree_error.isVisible()
    assert editor.tree_error.text() == "• " + GROUP_SUM_ERROR
    group_row = editor.tree.topLevelItem(0)
    assert group_row.text(3) == "16"                         # the sum, next to the group's 15
    assert group_row.foreground(2).color().name() == "#b00020"
    assert group_row.toolTip(2) == GROUP_SUM_ERROR
    assert not editor.save_button.isEnabled()
    assert editor.status.text() == "Còn 1 lỗi cần sửa trước khi lưu."
    assert editor.tabs.tabText(0).startswith("⚠")

    # Second criterion 4 → 3: 5 + 3 + 3 + 4 = 15 again; half points are typed with a comma.
    criterion_item(editor, 0, 1).setText(2, "2,5")
    assert "cộng lại được 14,5 điểm" in editor.tree_error.text()
    criterion_item(editor, 0, 1).setText(2, "3")
    assert not editor.tree_error.isVisible()
    assert editor.save_button.isEnabled()
    editor.save_button.click()
    saved = meeting_score.get_rubric(store, "qd28-chibo")
    prep = saved.groups[0]
    assert [c.max for c in prep.criteria] == [5, 3, 3, 4]
    assert saved.version == "2"                          # the copy starts at 1, each save bumps
    assert saved.data["copied_from"] == {"id": "qd28-2019", "version": "2019.1-macdinh"}
    assert not editor.dirty and not editor.save_button.isEnabled()

    editor.use_button.click()
    assert meeting_score.current_rubric(store).id == "qd28-chibo"
    current_row = editor.list.currentItem()
    assert current_row.data(Qt.UserRole) == "qd28-chibo"
    assert "đang dùng cho chi bộ" in current_row.text()


def test_rating_threshold_out_of_order(editor, store):
    editor.select("qd28-2019")
    editor.make_copy("thang-moi", "Thang mới")
    kha = editor.ratings.item(1, 1)
    assert editor.ratings.item(1, 0).text() == "Khá" and kha.text() == "70"
    kha.setText("95")
    assert editor.ratings_error.text().splitlines()[0] == ORDER_ERROR
    assert editor.ratings.item(1, 1).foreground().color().name() == "#b00020"
    assert editor.tabs.tabText(1).startswith("⚠")
    assert not editor.save_button.isEnabled()
    # The next rating now runs up to the edited threshold.
    assert editor.ratings.item(2, 2).text() == "95"
    kha.setText("75")
    assert not editor.ratings_error.isVisible()
    assert editor.save()
    saved = meeting_score.get_rubric(store, "thang-moi")
    assert [(r.name, r.min) for r in saved.ratings] == [("Tốt", 90), ("Khá", 75),
                                                        ("Trung bình", 50), ("Yếu", 0)]
    assert saved.data["ratings"][2]["below"] == 75
    assert scoring.rating_for(saved, 74.5).name == "Trung bình"


def test_name_and_band_errors_are_shown_where_they_are(editor):
    editor.select("qd28-2019")
    editor.make_copy("thang-moi", "Thang mới")
    editor.name_edit.clear()
    editor.name_edit.textEdited.emit("")
    assert editor.name_error.isVisible()
    assert editor.name_error.text() == "Nhập tên."
    editor.name_edit.setText("Thang mới")
    editor.name_edit.textEdited.emit("Thang mới")
    assert not editor.name_error.isVisible()
    # The attendance-rate criterion: its first band may not give more than the criterion's 5.
    item = criterion_item(editor, 1, 0)
    editor.tree.setCurrentItem(item)
    assert editor.bands.rowCount() == 3
    editor.bands.item(0, 2).setText("6")
    assert editor.bands_error.isVisible()
    assert "6" in editor.bands_error.text() and "5" in editor.bands_error.text()
    assert item.foreground(0).color().name() == "#b00020"
    assert not editor.save_button.isEnabled()
    editor.bands.item(0, 2).setText("năm")
    assert editor.bands_error.text() == "Nhập số điểm, ví dụ 4 hoặc 2,5."


def test_shipped_rubrics_cannot_be_edited(editor, store):
    for rubric_id in ("qd28-2019", "hd42-2025"):
        editor.select(rubric_id)
        assert not editor.editable
        assert editor.header_box.isHidden()
        assert editor.save_button.isHidden() and not editor.delete_button.isEnabled()
        assert editor.tree.editTriggers() == QAbstractItemView.NoEditTriggers
        assert editor.ratings.editTriggers() == QAbstractItemView.NoEditTriggers
        item = criterion_item(editor, 0, 0)
        assert not item.flags() & Qt.ItemIsEditable
        before = scoring.rubric_to_dict(editor.rubric)
        item.setText(2, "9")                      # even a programmatic change is ignored
        assert editor.data == before and not editor.dirty
        assert "không sửa được" in editor.source.text()
    editor.select("qd28-2019")
    assert "03-KH/ĐUK" in editor.source.text()            # label: a default to check
    editor.select("hd42-2025")
    assert "42-HD/BTCTW" in editor.source.text() and "thứ cấp" in editor.source.text()
    assert "không làm thay đổi điểm" in editor.snapshot_note.text()
    # The core refuses a shipped id as well.
    with pytest.raises(ValueError):
        meeting_score.save_custom_rubric(store, scoring.rubric_to_dict(editor.rubric))


def test_delete_the_copy_in_use_goes_back_to_the_default(editor, store, ui_env):
    from ui import widgets

    editor.select("hd42-2025")
    editor.make_copy("hd42-chibo", "Bản 2025 của chi bộ")
    editor.use_button.click()
    assert meeting_score.current_rubric(store).id == "hd42-chibo"
    widgets.answer_hook = lambda kind, title, text, choices: choices[0][0]
    editor.delete_button.click()
    assert "hd42-chibo" not in meeting_score.custom_rubrics(store)
    assert meeting_score.current_rubric(store).id == meeting_score.DEFAULT_RUBRIC
    assert [r.id for r in editor.rubrics] == ["hd42-2025", "qd28-2019"]


def test_unsaved_changes_are_kept_unless_discarded(editor, ui_env):
    from ui import widgets

    editor.select("qd28-2019")
    editor.make_copy("thang-moi", "Thang mới")
    criterion_item(editor, 0, 0).setText(0, "Tiêu chí đã sửa")
    assert editor.dirty
    editor.select("hd42-2025")                    # the test hook answers "keep editing"
    assert editor.rubric.id == "thang-moi" and editor.dirty
    assert ui_env[-1][1] == "Thay đổi chưa lưu"
    widgets.answer_hook = lambda kind, title, text, choices: "discard"
    editor.select("hd42-2025")
    assert editor.rubric.id == "hd42-2025" and not editor.dirty


def test_past_scores_stay_after_the_rubric_is_edited_and_chosen(ui_env, scored_store, qtbot):
    from ui.rubric_editor import RubricEditor
    from ui.score_history import ScoreHistory

    probe = ScoreHistory(scored_store)
    qtbot.addWidget(probe)
    year = probe.year_spin.value()
    assert year == 2024
    before = meeting_score.year_scores(scored_store, year)
    assert len(before) == 3
    editor = RubricEditor(scored_store)
    qtbot.addWidget(editor)
    editor.select("qd28-2019")
    editor.make_copy("thang-moi", "Thang mới")
    editor.ratings.item(0, 1).setText("80")       # Tốt from 80: would re-rate 81,5 and 86
    assert editor.save()
    editor.use_button.click()
    assert meeting_score.current_rubric(scored_store).id == "thang-moi"
    assert meeting_score.year_scores(scored_store, year) == before


def test_the_scoring_menu_opens_both_dialogs(ui_env, scored_store, qtbot):
    from app.settings import load_settings
    from ui.app_window import MainWindow
    from ui.rubric_editor import RubricEditor
    from ui.score_history import ScoreHistoryDialog

    from uihelpers import on_modal

    w = MainWindow(scored_store, load_settings())
    qtbot.addWidget(w)
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "Chấm &điểm")
    assert [a.text() for a in menu.actions()] == ["&Tiêu chí chấm điểm…",
                                                  "&Điểm sinh hoạt theo năm…"]
    seen, errors = [], []

    def close(dialog):
        seen.append((type(dialog), dialog.windowTitle()))
        dialog.reject()

    on_modal(close, errors)
    w.action_rubrics.trigger()
    on_modal(close, errors)
    w.action_score_history.trigger()
    assert errors == []
    assert seen == [(RubricEditor, "Tiêu chí chấm điểm"),
                    (ScoreHistoryDialog, "Điểm sinh hoạt chi bộ theo năm")]


def test_computed_criteria_show_their_parameters_or_the_computation_s_default(editor):
    """Sinh hoạt đúng ngày sets no share for a day moved with a reason: the editor shows the 100 %
    the computation then uses; the duration criterion shows its own 90 / 120 minutes."""
    editor.select("qd28-2019")
    editor.make_copy("thang-moi", "Thang mới")
    spins = editor.param_spins
    editor.tree.setCurrentItem(criterion_item(editor, 2, 0))          # meeting day
    assert editor.current_criterion()["source"] == "meeting_day"
    assert spins["reason_share"].isVisible() and spins["reason_share"].value() == 100
    assert not spins["min_minutes"].isVisible()
    editor.tree.setCurrentItem(criterion_item(editor, 2, 1))          # duration
    assert editor.current_criterion()["source"] == "duration"
    assert (spins["min_minutes"].value(), spins["combined_min_minutes"].value()) == (90, 120)
    assert not spins["reason_share"].isVisible()
