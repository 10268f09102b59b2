"""The cell's local database: one SQLite file, migrations, backups, a single-writer lock."""
from .db import (  # noqa: F401
    AlreadyOpenError,
    BusyError,
    CorruptDatabaseError,
    DiskFullError,
    NewerSchemaError,
    NotChiboError,
    ReadOnlyError,
    Store,
    StoreError,
    explain_error,
    new_id,
    open_store,
)
