"""The main window: menus, the side navigation and its pages, or the first-run screen.

Changing the language or the text size rebuilds the window's content in place.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget,
    QVBoxLayout, QWidget,
)

from app import __version__, i18n
from app.cell import get_cell
from app.i18n import _
from app.services import store as store_service
from app.settings import save_settings

from . import ime, style
from .data_file import open_store_or_explain
from .sections import DEFAULT_SECTION, SECTIONS
from .widgets import choose_file, confirm, inform

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class Shell(QWidget):
    """Side navigation + the pages, created when first opened."""

    def __init__(self, window: "MainWindow", current: str = DEFAULT_SECTION):
        super().__init__()
        self.window_ = window
        self.pages: dict[str, QWidget] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setStyleSheet(style.NAV_STYLE_SHEET)
        for section in SECTIONS:
            item = QListWidgetItem(_(section.title))
            item.setData(Qt.UserRole, section.id)
            item.setSizeHint(QSize(0, self.nav.fontMetrics().height() * 2 + 4))
            self.nav.addItem(item)
        width = max(self.nav.fontMetrics().horizontalAdvance(_(s.title)) for s in SECTIONS)
        self.nav.setFixedWidth(width + self.nav.fontMetrics().height() * 3)
        layout.addWidget(self.nav)

        right = QVBoxLayout()
        right.setContentsMargins(12, 8, 12, 8)
        self.header = QLabel()
        self.header.setFont(style.heading_font(self, 1.2))
        self.header.setWordWrap(True)
        right.addWidget(self.header)
        self.stack = QStackedWidget()
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self.update_header()
        self.nav.currentRowChanged.connect(self._show_row)
        ids = [s.id for s in SECTIONS]
        self.nav.setCurrentRow(ids.index(current) if current in ids else 0)

    @property
    def store(self):
        return self.window_.store

    @property
    def window(self):  # noqa: D401 - the main window, for pages
        return self.window_

    @property
    def current_id(self) -> str:
        item = self.nav.currentItem()
        return item.data(Qt.UserRole) if item else DEFAULT_SECTION

    def update_header(self) -> None:
        cell = get_cell(self.store)
        self.header.setText(cell.name if cell else "")

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        ime.commit_pending()
        section = SECTIONS[row]
        page = self.pages.get(section.id)
        if page is None:
            page = section.create(self)
            self.pages[section.id] = page
            self.stack.addWidget(page)
        elif hasattr(page, "reload"):
            page.reload()
        self.stack.setCurrentWidget(page)

    def show_section(self, section_id: str) -> QWidget:
        ids = [s.id for s in SECTIONS]
        self.nav.setCurrentRow(ids.index(section_id))
        return self.pages[section_id]

    def data_changed(self) -> None:
        """Something outside a page changed the records: every open page re-reads."""
        self.update_header()
        for page in self.pages.values():
            if hasattr(page, "reload"):
                page.reload()


class MainWindow(QMainWindow):
    # Emitted once, right after the first paint, when what the start left for later is in place.
    ready = Signal()

    def __init__(self, store, settings):
        super().__init__()
        self.is_ready = False
        self._finish_timer = QTimer(self)   # a child: it goes with the window
        self._finish_timer.setSingleShot(True)
        self._finish_timer.timeout.connect(self._finish_start)
        self._finish_timer.start(1000)   # at the latest: a window never painted (minimised)
        self.store = store
        self.settings = settings
        self.shell: Shell | None = None
        self.first_run = None
        screen = QApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        if avail is not None and avail.width() > 200:
            self.resize(min(1280, avail.width()), min(760, avail.height()))
        else:
            self.resize(1280, 720)
        self.rebuild()
        # After the window is up: what an upgrade of this file could not move in, once.
        QTimer.singleShot(0, self, self.report_moved_in)

    # --- start -------------------------------------------------------------------------

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.is_ready:
            self._finish_timer.start(0)      # after this first paint has reached the screen

    def _finish_start(self) -> None:
        """What the first window is shown without, installed right after its first paint: the
        two application-wide event filters, the IME pre-edit tracker (ui/ime.py) and the wheel
        guard (ui/style.py). With a Python filter on the application every event of every
        object goes through Python, and the first event of an object of a Qt-internal class
        makes PySide6 create all its lazily loaded classes: before the first paint that cost
        about 40 ms, a third of chibo's start beyond a bare PySide6 window. Nobody can type
        or turn the wheel in a window not yet on the screen."""
        if self.is_ready:
            return
        self.is_ready = True
        self._finish_timer.stop()
        ime.install()
        style.install_wheel_guard(QApplication.instance())
        self.ready.emit()

    def when_ready(self, callback) -> None:
        """Call ``callback`` once the window is ready (at once if it already is)."""
        if self.is_ready:
            callback()
        else:
            self.ready.connect(callback)

    # --- building -----------------------------------------------------------------------

    def rebuild(self) -> None:
        """(Re)create menus and content in the current language, keeping the section."""
        current = self.shell.current_id if self.shell else DEFAULT_SECTION
        self.setWindowTitle(_("chibo — Party cell records") + f" — {self.store.path.name}")
        for bar in (self.menuBar(), self.statusBar()):  # created once: follow the text size
            bar.setFont(QApplication.font())
        self._build_menus()
        self.shell = self.first_run = None
        if get_cell(self.store) is None:
            from .first_run import FirstRunPage

            self.first_run = FirstRunPage(self)
            self.setCentralWidget(self.first_run)
        else:
            self.shell = Shell(self, current)
            self.setCentralWidget(self.shell)
        self.statusBar().showMessage(_("Data file: {path}").format(path=self.store.path))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(_("&File"))
        self.action_backup = file_menu.addAction(_("&Back up now"), self.backup_now)
        self.action_backup.setShortcut(QKeySequence("Ctrl+B"))
        self.action_restore = file_menu.addAction(_("&Restore a backup…"), self.show_backups)
        self.action_save_copy = file_menu.addAction(_("Save a &copy…"), self.save_copy)
        self.action_save_copy.setShortcut(QKeySequence("Ctrl+Shift+S"))
        file_menu.addSeparator()
        # Exchange with the party office (ui/export_dialog.py, ui/office/evaluation.py)
        self.action_export = file_menu.addAction(
            _("&Export bundles for the party office…"), self.show_export)
        self.action_own_evaluation = file_menu.addAction(
            _("&Model-cell evaluation…"), self.show_own_evaluation)
        file_menu.addSeparator()
        self.action_open = file_menu.addAction(_("&Open another data file…"),
                                               self.open_other_file)
        self.action_open.setShortcut(QKeySequence("Ctrl+O"))
        file_menu.addSeparator()
        # --- documents (ui/documents): check the digital signatures of any PDF ---
        self.action_verify = file_menu.addAction(_("Check digital &signatures…"),
                                                 self.verify_signatures)
        # --- end documents ---
        file_menu.addSeparator()
        self.action_quit = file_menu.addAction(_("&Quit"), self.close)
        self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))

        view = bar.addMenu(_("&View"))
        lang_menu = view.addMenu(_("&Language"))
        group = QActionGroup(self)
        self.action_lang: dict[str, QAction] = {}
        for code in i18n.LANGUAGES:
            action = lang_menu.addAction(LANGUAGE_NAMES[code])
            action.setCheckable(True)
            action.setChecked(code == i18n.language())
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            self.action_lang[code] = action
        self.action_large_text = view.addAction(_("Larger &text (projector)"))
        self.action_large_text.setCheckable(True)
        self.action_large_text.setChecked(self.settings.large_text)
        self.action_large_text.setShortcut(QKeySequence("Ctrl+="))
        self.action_large_text.toggled.connect(self.set_large_text)

        scoring_menu = bar.addMenu(_("&Scoring"))   # dialogs in ui/rubric_editor, ui/score_history
        self.action_rubrics = scoring_menu.addAction(_("Scoring &criteria…"), self.show_rubrics)
        self.action_score_history = scoring_menu.addAction(_("Scores by &year…"),
                                                           self.show_score_history)

        help_menu = bar.addMenu(_("&Help"))
        # ui/help.py: the offline guide (F1 in the meeting wizard opens the step's page)
        self.action_guide = help_menu.addAction(_("&User guide"), self.show_guide)
        self.action_trouble = help_menu.addAction(
            _("When a file is &locked, read-only or damaged…"),
            lambda: self.show_guide("problems.html"))
        self.action_guide_backups = help_menu.addAction(
            _("&Backups and restoring…"), lambda: self.show_guide("backups.html"))
        help_menu.addSeparator()
        self.action_about = help_menu.addAction(_("&About chibo"), self.about)

    # --- actions ------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        if lang == i18n.language():
            return
        i18n.set_language(lang)
        style.apply_language(QApplication.instance(), lang)
        self.settings.language = lang
        save_settings(self.settings)
        self.rebuild()

    def set_large_text(self, large: bool) -> None:
        if large == self.settings.large_text:
            return
        self.settings.large_text = large
        save_settings(self.settings)
        style.apply_text_size(QApplication.instance(), large)
        self.rebuild()

    def backup_now(self) -> None:
        try:
            path = store_service.backup_now(self.store, reason="manual")
        except OSError as exc:
            inform(self, _("Backup"), _("The backup failed: {error}").format(error=exc),
                   kind="error")
            return
        self.statusBar().showMessage(_("Backup written to {path}.").format(path=path), 8000)

    def daily_backup(self) -> None:
        """The start-up backup (at most once a day); a failure is reported, not fatal."""
        try:
            path = store_service.daily_backup_if_due(self.store)
        except (OSError, sqlite3.Error) as exc:
            self.statusBar().showMessage(_("The backup failed: {error}").format(error=exc))
            return
        if path:
            self.statusBar().showMessage(_("Daily backup written to {path}.").format(path=path),
                                         8000)

    def show_backups(self) -> None:
        from .backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.store, self)
        dialog.exec()
        if dialog.restored:
            self.rebuild()

    def save_copy(self) -> None:
        """File ▸ Save a copy…: the whole data file (documents included) where the user picks."""
        import datetime as dt

        ime.commit_pending()
        live = Path(self.store.path)
        suggested = Path.home() / f"{live.stem}-{dt.date.today():%Y%m%d}{live.suffix}"
        path = choose_file(self, _("Save a copy of the data file"),
                           _("chibo data files (*.sqlite)") + ";;" + _("All files (*)"),
                           directory=str(suggested), accept=_("Save"), may_create=True)
        if path is None:
            return
        if not path.is_dir() and not path.suffix:
            path = path.with_suffix(live.suffix or ".sqlite")
        if path.is_file() and path.resolve() != live.resolve() and not confirm(
                self, _("Save a copy"), _("{name} already exists. Replace it with the copy?")
                .format(name=path.name), _("Replace")):
            return
        try:
            written = store_service.save_copy(self.store, path)
        except (ValueError, store_service.StoreError) as exc:
            inform(self, _("Save a copy"), str(exc), kind="error")
            return
        self.statusBar().showMessage(_("Copy written to {path}.").format(path=written), 8000)
        inform(self, _("Save a copy"), _(
            "A complete copy of the data file was written to {path}. It holds every record and "
            "document (signed ones included): on another computer, open it with File ▸ Open "
            "another data file….").format(path=written))

    def report_moved_in(self) -> None:
        """Once: the files an upgrade of this data file could not move into it, why, and what
        to do (the command line shows it too; ``chibo files-moved-in`` lists it again)."""
        report = store_service.moved_in_report(self.store)
        if report is None or report.shown:
            return
        inform(self, _("Files that could not be moved into the data file"),
               store_service.moved_in_text(report), kind="warning")
        store_service.mark_moved_in_shown(self.store)

    def show_rubrics(self) -> None:
        from .rubric_editor import RubricEditor

        RubricEditor(self.store, self).exec()

    def show_score_history(self) -> None:
        from .score_history import ScoreHistoryDialog

        ScoreHistoryDialog(self.store, self).exec()

    def show_export(self) -> None:
        from .export_dialog import ExportDialog

        dialog = ExportDialog(self.store, self)
        dialog.exec()
        dialog.deleteLater()

    def show_own_evaluation(self) -> None:
        from .office.evaluation import CellEvaluationDialog

        dialog = CellEvaluationDialog(self.store, self)
        dialog.exec()
        dialog.deleteLater()

    def open_other_file(self, path: Path | None = None) -> bool:
        if path is None:
            path = choose_file(self, _("Open another data file"),
                               _("chibo data files (*.sqlite)") + ";;" + _("All files (*)"),
                               directory=str(self.store.path.parent), may_create=True)
        if path is None:
            return False
        if Path(path).resolve() == Path(self.store.path).resolve():
            return True
        store = open_store_or_explain(Path(path), self)
        if store is None:
            return False
        self.store.close()
        self.store = store
        self.settings.last_db = str(store.path)
        save_settings(self.settings)
        self.rebuild()
        self.report_moved_in()
        return True

    def verify_signatures(self) -> None:
        """File ▸ Check digital signatures (ui/documents/verify_dialog.py)."""
        from .documents.verify_dialog import verify_file

        verify_file(self, self.store)

    def show_guide(self, page: str = "index.html"):
        from .help import show_help

        return show_help(self, page)

    def about(self) -> None:
        inform(self, _("About chibo"), _(
            "chibo {version}\n\nRecords, meeting calendar and minutes of a Party cell, "
            "kept on this computer; no network needed.\n\nLicence: GPL-3.0-or-later.")
            .format(version=__version__))

    def closeEvent(self, event):
        ime.commit_pending()   # a half-typed word is saved, not dropped
        super().closeEvent(event)

    def cell_created(self) -> None:
        """The first-run screen made a cell (or the demo): show the sections."""
        self.rebuild()
