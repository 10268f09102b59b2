"""Opening a data file in the desktop app, or explaining in a message box why not."""
from __future__ import annotations

from pathlib import Path

from app.i18n import _
from app.services.store import (AlreadyOpenError, CorruptDatabaseError, NewerSchemaError,
                                StoreError, backup_dir, newest_good_backup, open_store,
                                restore_file)

from .widgets import ask, inform


def open_store_or_explain(path: Path, parent=None):
    """Open the data file, or explain in a message box why not; ``None`` when not opened.

    A damaged file gets the offer to restore the newest intact backup.
    """
    try:
        return open_store(path)
    except AlreadyOpenError as exc:
        inform(parent, _("Data file in use"), str(exc), kind="warning")
    except NewerSchemaError as exc:
        inform(parent, _("Newer data file"), str(exc), kind="error")
    except CorruptDatabaseError as exc:
        return _offer_restore(path, exc, parent)
    except (StoreError, OSError) as exc:
        inform(parent, _("Cannot open the data file"), str(exc), kind="error")
    return None


def _offer_restore(path: Path, error: Exception, parent):
    title = _("Damaged data file")
    good = newest_good_backup(path)
    if good is None:
        inform(parent, title, str(error) + "\n\n" + _("No intact backup was found in {folder}.")
               .format(folder=backup_dir(path)), kind="error")
        return None
    text = str(error) + "\n\n" + _(
        "The newest intact backup was made on {when}. Restore it? The damaged file is kept "
        "beside it under another name.").format(when=good.created.strftime("%d/%m/%Y %H:%M"))
    if ask(parent, title, text, [("restore", _("Restore the backup")), ("quit", _("Quit"))],
           kind="error", default="restore") != "restore":
        return None
    try:
        aside = restore_file(path, good.path)
        store = open_store(path)
    except (ValueError, StoreError, OSError) as exc:
        inform(parent, title, str(exc), kind="error")
        return None
    inform(parent, title, _("The backup was restored. The damaged file was kept as {name}.")
           .format(name=aside.name))
    return store
