"""The score history chart and year summary on the demo data file."""
from __future__ import annotations

from PySide6.QtGui import QColor

from app import meeting_score, meetings
from app.rules import scoring

from uihelpers import scored_store, store, ui_env  # noqa: F401


def stored_totals(store) -> list[tuple[int, float, str]]:
    """(month, total, rating) read from the meetings' own records."""
    out = []
    for row in meetings.list_meetings(store):
        record = meetings.meeting_record(store, row["id"])
        if record["status"] == "finalised" and record.get("score"):
            month = int(record["date"][5:7])
            out.append((month, record["score"]["total"], record["score"]["rating"]))
    return out


def test_history_of_the_demo_year(ui_env, scored_store, qtbot):
    from ui.score_history import BAND_COLOURS, POINT_COLOURS, ScoreHistoryDialog

    expected = stored_totals(scored_store)
    assert len(expected) == 3
    dialog = ScoreHistoryDialog(scored_store)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    history = dialog.history
    chart = history.chart
    assert chart.points == sorted(expected)
    assert [b.name for b in chart.bands] == ["Tốt", "Khá", "Trung bình", "Yếu"]
    assert [(b.low, b.high) for b in chart.bands] == [(90, 100), (70, 90), (50, 70), (0, 50)]

    summary = history.summary
    ratings = [r for _m, _t, r in expected]
    assert summary.months == 3
    assert summary.counts["Khá"] == ratings.count("Khá")
    assert summary.average == round(sum(t for _m, t, _r in expected) / 3, 2)
    labels = history.summary_labels
    assert labels["months"].text() == "3"
    assert labels["count:Khá"].text() == f"{ratings.count('Khá')} tháng"
    assert labels["count:Tốt"].text() == f"{ratings.count('Tốt')} tháng"
    assert labels["average"].text() == f"{summary.average:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    below = [m for m, _t, r in expected if r not in ("Tốt", "Khá")]
    assert labels["below"].text() == (", ".join(f"T{m}" for m in below) if below else "không có")

    image = chart.grab().toImage()
    rect = chart.plot_rect()
    # Inside the Tốt band (95 points) in January, where no meeting is drawn.
    x = int(chart.x_for(1))
    assert image.pixelColor(x, int(chart.y_for(95))) == QColor(BAND_COLOURS[0])
    assert image.pixelColor(x, int(chart.y_for(25))) == QColor(BAND_COLOURS[3])
    # Each point is drawn in its band's colour at its total.
    for month, total, _rating in expected:
        pt = chart.point_at(month, total)
        band = chart.band_for(total)
        assert image.pixelColor(int(pt.x()), int(pt.y())) == QColor(band.point_colour)
        assert band.point_colour in POINT_COLOURS
    assert rect.width() > 600


def test_an_empty_year_and_another_rubric(ui_env, scored_store, qtbot):
    from ui.score_history import ScoreHistory

    meeting_score.set_current_rubric(scored_store, "hd42-2025")
    history = ScoreHistory(scored_store)
    qtbot.addWidget(history)
    year = history.year_spin.value()
    assert year == 2024                      # the latest year with scores, not this one
    assert [b.name for b in history.chart.bands][-1] == "Kém"
    history.year_spin.setValue(year - 3)
    assert history.chart.points == []
    assert history.summary.months == 0 and history.summary.average is None
    assert history.summary_labels["average"].text() == "—"
    assert history.summary_labels["below"].text() == "không có"
    history.resize(900, 500)
    history.show()
    assert not history.chart.grab().toImage().isNull()       # paints the empty year
    history.year_spin.setValue(year)
    assert len(history.chart.points) == 3


def test_year_summary_counts_ratings_outside_the_current_rubric():
    # A month scored under the 2019 scale ("Yếu") while the 2025 scale ("Kém") is current.
    summary = scoring.year_summary([(1, 40, "Yếu"), (2, 92, "Tốt")],
                                   ("Tốt", "Khá", "Trung bình", "Kém", "Yếu"), "Khá")
    assert summary.counts["Yếu"] == 1 and summary.below == [1]
