"""The data file as the desktop app sees it: open it, back it up, restore a backup.

ui/ takes these names from here, never from app.store (pyproject.toml's import contracts);
``Store`` is here for type hints.
"""
from __future__ import annotations

from pathlib import Path

from app.store import (AlreadyOpenError, CorruptDatabaseError, NewerSchemaError, Store,
                       StoreError, explain_error, open_store)
from app.store import backup as _backup
from app.store.backup import (REASONS, BackupInfo, backup_dir, daily_backup_if_due, list_backups,
                              newest_good_backup, restore, restore_file)

__all__ = ["REASONS", "AlreadyOpenError", "BackupInfo", "CorruptDatabaseError", "NewerSchemaError", "Store",
           "StoreError", "backup_dir", "backup_now", "daily_backup_if_due", "explain_error",
           "list_backups",
           "newest_good_backup", "open_store", "restore", "restore_file"]


def backup_now(store: Store, reason: str = "manual") -> Path:
    """Back the open data file up now, then thin the automatic backups; the new backup's path."""
    path = _backup.backup_now(store.conn, store.path, reason=reason)
    _backup.thin(store.path)
    return path
