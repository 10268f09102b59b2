"""The cell's local database: one SQLite file, migrations, backups, a single-writer lock."""
from .db import (  # noqa: F401
    AlreadyOpenError,
    CorruptDatabaseError,
    NewerSchemaError,
    Store,
    StoreError,
    new_id,
    open_store,
)
