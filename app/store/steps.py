"""Numbered schema migrations declared without importing sqlite-utils.

Opening an up-to-date file only needs the names of the migrations, read with plain sqlite3;
sqlite-utils (about 0.1 s to import and set up) loads only when something must be applied or
written. ``MigrationSet`` builds sqlite-utils' transactional ``Migrations`` from the same steps
and uses its table, so files made before this class existed open unchanged.
"""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' Migrations.migrations_table


class MigrationSet:
    """A named, ordered set of migrations: ``@migrations(name="0001_…")`` registers one."""

    def __init__(self, name: str):
        self.name = name
        self._steps: list[tuple[str, Callable[["Database"], None]]] = []
        self._built: "Migrations | None" = None

    def __call__(self, *, name: str):
        def register(fn: Callable[["Database"], None]) -> Callable[["Database"], None]:
            if name in self.names():
                raise ValueError(f"migration {name!r} is already in set {self.name!r}")
            self._steps.append((name, fn))
            self._built = None
            return fn
        return register

    def names(self) -> list[str]:
        return [name for name, _fn in self._steps]

    def sqlite_utils(self) -> "Migrations":
        """The same steps as sqlite-utils ``Migrations`` (each applied in its own transaction)."""
        if self._built is None:
            from sqlite_utils import Migrations

            built = Migrations(self.name)
            for name, fn in self._steps:
                built(name=name)(fn)
            self._built = built
        return self._built

    def apply(self, db: "Database", *, stop_before: str | Iterable[str] | None = None) -> None:
        self.sqlite_utils().apply(db, stop_before=stop_before)

    def applied_names(self, conn: sqlite3.Connection) -> list[str]:
        """Names of this set's migrations applied to the file, in the order they were applied."""
        if not _has_table(conn):
            return []
        return [r[0] for r in conn.execute(
            f"select name from {MIGRATIONS_TABLE} where migration_set = ? order by rowid",
            [self.name])]

    def other_sets(self, conn: sqlite3.Connection) -> list[str]:
        """Other migration sets applied to the file (a cell's file opened as the office's, or
        the other way round)."""
        if not _has_table(conn):
            return []
        return [r[0] for r in conn.execute(
            f"select distinct migration_set from {MIGRATIONS_TABLE} where migration_set != ?",
            [self.name])]


def _has_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("select 1 from sqlite_master where type = 'table' and name = ?",
                        [MIGRATIONS_TABLE]).fetchone() is not None
