"""A lock file beside the database so that only one chibo process writes to it."""
from __future__ import annotations

import os
from pathlib import Path


class FileLock:
    """An exclusive, non-blocking OS lock on ``<db>.lock``, released when the process dies."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fh = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it. The lock file is removed on
        release (a copied data file carries no stale lock), so after locking we check that the
        file we locked is still the one at the path and retry once if it was just removed."""
        for _attempt in range(3):
            fh = self._open_locked()
            if fh is None:
                return False
            if self._same_file(fh):
                break
            fh.close()
        else:
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return True

    def _same_file(self, fh) -> bool:
        try:
            return os.path.samestat(os.fstat(fh.fileno()), os.stat(self.path))
        except OSError:
            return False

    def _open_locked(self):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fh = os.fdopen(fd, "r+")
        try:
            if os.name == "nt":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return None
        return fh

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            if os.name == "nt":
                import msvcrt

                self._fh.seek(0)
                msvcrt.locking(self._fh.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                # Unlink while still holding the lock, so that nobody can lock this file
                # once it is no longer the one at the path (see acquire).
                try:
                    self.path.unlink()
                except OSError:
                    pass
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
        finally:
            self._fh.close()
            self._fh = None
