"""The "Party office" section: the office clerk's console on its own data file (not the cell's
file that the rest of the window shows): import a folder of bundles, the dashboard, the
model-cell evaluation.

The office file is opened when the section is shown if it exists; otherwise it is created on
the first import, so a cell secretary looking at the section does not get an empty office file.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication, QCheckBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
    QTabWidget, QVBoxLayout, QWidget,
)

from app.exchange.downlink import write_receipt
from app.exchange.office import files_moved_in, import_folder, missing_pdfs, open_office
from app.i18n import _, ngettext
from app.paths import default_office_db_path
from app.services.store import StoreError
from app.settings import save_settings

from ..style import set_tone
from ..widgets import choose_file, inform
from . import choose_folder
from .dashboard import DashboardView, MeetingRecordDialog
from .decisions import DecisionsView
from .evaluation import OfficeEvaluation
from .profile import OfficeProfileView
from .import_dialog import FingerprintDialog, ResultsTable, summary_text


def office_path(settings) -> Path:
    """The office file: CHIBO_OFFICE_DB, else the one chosen last, else the default."""
    if not os.environ.get("CHIBO_OFFICE_DB") and getattr(settings, "office_db", ""):
        return Path(settings.office_db)
    return default_office_db_path()


class OfficeConsole(QWidget):
    def __init__(self, shell=None, parent: QWidget | None = None, *,
                 path: str | Path | None = None):
        super().__init__(parent)
        self.shell = shell
        settings = getattr(getattr(shell, "window", None), "settings", None)
        self.path = Path(path) if path else office_path(settings)
        self.office = None
        self.last_results = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        top.addWidget(self.file_label, 1)
        self.change_button = QPushButton(_("Use another office data file…"))
        self.change_button.clicked.connect(self.choose_office_file)
        top.addWidget(self.change_button)
        layout.addLayout(top)
        # PDFs an upgrade could not move in from an older office's files folder.
        self.files_label = QLabel()
        self.files_label.setWordWrap(True)
        set_tone(self.files_label, "error")
        self.files_label.hide()
        layout.addWidget(self.files_label)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        # Import
        page = QWidget()
        v = QVBoxLayout(page)
        row = QHBoxLayout()
        self.import_button = QPushButton(_("Import a folder of bundles…"))
        self.import_button.clicked.connect(lambda: self.import_folder())
        row.addWidget(self.import_button)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        row.addWidget(self.progress, 1)
        row.addStretch(0)
        v.addLayout(row)
        row = QHBoxLayout()
        self.receipts_box = QCheckBox(_("&Write receipts to the stick (signed with the office "
                                        "key)"))
        self.office_key_edit = QLineEdit()
        self.office_key_edit.setPlaceholderText(_("office key file (.p12)"))
        self.office_key_edit.setAccessibleName(_("Office key file"))
        self.office_pass_edit = QLineEdit()
        self.office_pass_edit.setEchoMode(QLineEdit.Password)
        self.office_pass_edit.setPlaceholderText(_("passphrase"))
        self.office_pass_edit.setAccessibleName(_("Passphrase of the office key"))
        for w in (self.receipts_box, self.office_key_edit, self.office_pass_edit):
            row.addWidget(w)
        v.addLayout(row)
        hint = QLabel(_("Choose the folder of the USB stick that holds the cells' .zip bundles. "
                        "Each bundle is checked (signatures, certificate, contents) before "
                        "anything of it is kept."))
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        v.addWidget(hint)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        self.results = ResultsTable()
        v.addWidget(self.results, 1)
        self.tabs.addTab(page, _("Import"))
        # Dashboard
        self.dashboard = DashboardView()
        self.dashboard.meeting_requested.connect(self.open_meeting)
        self.tabs.addTab(self.dashboard, _("Dashboard"))
        # Evaluation
        self.evaluation = OfficeEvaluation()
        self.tabs.addTab(self.evaluation, _("Model-cell evaluation"))
        # Trust decisions
        self.decisions = DecisionsView()
        self.tabs.addTab(self.decisions, _("Trust decisions"))
        # The office's own profile (issuer, signature block, recipients of its documents)
        self.profile = OfficeProfileView()
        self.profile.saved.connect(self.evaluation.refresh)
        self.tabs.addTab(self.profile, _("Office profile"))

        if self.path.exists():
            self.open_office(self.path, remember=False)
        self._show_file()

    # --- the office file ------------------------------------------------------------------

    def _show_file(self) -> None:
        if self.office is not None:
            self.file_label.setText(_("Office data file: {path}").format(path=self.path))
        else:
            self.file_label.setText(_("No office data file yet: it is created at {path} when "
                                      "you import the first folder.").format(path=self.path))

    def open_office(self, path: Path, *, remember: bool = True) -> bool:
        cell_store = getattr(self.shell, "store", None)
        if cell_store is not None and Path(path).resolve() == Path(cell_store.path).resolve():
            inform(self, _("Office data file"), _("This is the cell's data file. The party "
                                                  "office keeps its records in a file of its "
                                                  "own."), kind="warning")
            return False
        try:
            office = open_office(path)
        except (StoreError, OSError, ValueError) as exc:
            inform(self, _("Office data file"), _("Cannot open {path}: {error}").format(
                path=path, error=exc), kind="error")
            return False
        if self.office is not None:
            self.office.close()
        self.office, self.path = office, Path(path)
        if remember:
            self._remember()
        latest = office.db.execute("select max(year) from meeting").fetchone()[0]
        if latest:
            self._set_year(int(latest))
        self.dashboard.set_office(office)
        self.evaluation.set_office(office)
        self.decisions.set_office(office)
        self.profile.set_office(office)
        self._show_file()
        self._show_files_moved_in()
        return True

    def _show_files_moved_in(self) -> None:
        if self.office is None:
            self.files_label.hide()
            return
        missing = missing_pdfs(self.office)
        damaged = len((files_moved_in(self.office) or {}).get("mismatched") or [])
        if missing:
            self.files_label.setText(ngettext(
                "{n} imported PDF is not in the office data file: it was missing or damaged in "
                "the old files folder when that folder was moved in ({damaged} damaged files). "
                "Its meeting still opens; “chibo office verify” lists it.",
                "{n} imported PDFs are not in the office data file: they were missing or damaged "
                "in the old files folder when that folder was moved in ({damaged} damaged "
                "files). Their meetings still open; “chibo office verify” lists them.",
                missing).format(n=missing, damaged=damaged))
        self.files_label.setVisible(bool(missing))

    def _set_year(self, year: int) -> None:
        """Show the year of the newest records (the office reviews what came in)."""
        for box in (self.dashboard.year_box, self.evaluation.year_box):
            box.blockSignals(True)
            box.setValue(year)
            box.blockSignals(False)

    def _remember(self) -> None:
        window = getattr(self.shell, "window", None)
        settings = getattr(window, "settings", None)
        if settings is not None and hasattr(settings, "office_db"):
            settings.office_db = str(self.path)
            save_settings(settings)

    def choose_office_file(self) -> bool:
        path = choose_file(self, _("Office data file"),
                           _("chibo data files (*.sqlite)") + ";;" + _("All files (*)"),
                           directory=str(self.path.parent), may_create=True)
        return self.open_office(path) if path else False

    def ensure_office(self) -> bool:
        return self.office is not None or self.open_office(self.path)

    def reload(self) -> None:
        if self.office is not None:
            self.dashboard.reload()
            self.decisions.reload()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.office is not None:
            self.office.close()
            self.office = None
        super().closeEvent(event)

    # --- import -----------------------------------------------------------------------------

    def confirm_certificate(self, question) -> bool:
        """The core decides new or changed by the cell's id (never by its name)."""
        dialog = FingerprintDialog(question.cell_name, question.fingerprint, question=question,
                                   parent=self)
        return dialog.exec() == QDialog.Accepted

    def import_folder(self, folder: Path | None = None) -> list:
        if folder is None:
            folder = choose_folder(self, _("Folder of bundles to import"))
            if folder is None:
                return []
        if not self.ensure_office():
            return []
        key_file = None
        if self.receipts_box.isChecked():
            from app.documents.keys import SigningError
            from app.documents.signing import open_key_file

            passphrase = self.office_pass_edit.text()
            self.office_pass_edit.clear()
            try:     # a wrong passphrase is said before anything is imported
                key_file = open_key_file(self.office_key_edit.text().strip(), passphrase)
            except (SigningError, OSError, ValueError) as exc:
                inform(self, _("Import"), str(exc), kind="error")
                return []

        def progress(done: int, total: int, path: Path) -> None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)
            self.progress.setFormat(_("{done}/{total} bundles").format(done=done, total=total))
            QApplication.processEvents()

        self.import_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        try:
            results = import_folder(self.office, folder, confirm=self.confirm_certificate,
                                    progress=progress)
        except ValueError as exc:
            inform(self, _("Import"), str(exc), kind="error")
            return []
        finally:
            self.import_button.setEnabled(True)
        self.last_results = results
        self.results.set_results(results)
        self.summary.setText(summary_text(results) if results else
                             _("No bundle (.zip) in {folder}.").format(folder=folder))
        if key_file is not None and results:
            try:
                path = write_receipt(self.office, results, folder, key_file)
                self.summary.setText(self.summary.text() + "\n" + _(
                    "Receipt written: {path}").format(path=path))
            except OSError as exc:
                inform(self, _("Import"), str(exc), kind="error")
        imported = [r for r in results if r.status in ("imported", "superseded")]
        if imported:
            years = [int(row[0]) for row in (self.office.db.execute(
                "select year from meeting where cell_id = ? and id = ?",
                [r.cell_id, r.meeting_id]).fetchone() for r in imported) if row]
            if years:
                self._set_year(max(years))
        self.dashboard.reload()
        self.evaluation.set_office(self.office)
        self.decisions.reload()
        return results

    # --- drill-down -------------------------------------------------------------------------

    def open_meeting(self, cell_id: str, meeting_id: str) -> MeetingRecordDialog:
        dialog = MeetingRecordDialog(self.office, cell_id, meeting_id, self)
        dialog.exec()
        return dialog
