"""The PySide6 desktop shell: views and dialogs only; every rule lives in ``app``."""
import sys as _sys

if _sys.version_info < (3, 12):
    # PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method that
    # returns nothing (setText, processEvents, ...): after a few thousand calls None's count
    # reaches zero and the process aborts ("none_dealloc"). Python 3.12+ makes None immortal;
    # on 3.11 we do the same by giving None a huge reference count (None is never freed
    # anyway, so extra references are harmless). Remove once PySide6 is fixed or pinned.
    import ctypes as _ctypes

    _refcnt = _ctypes.c_ssize_t.from_address(id(None))
    if _refcnt.value < (1 << 40):
        _refcnt.value += 1 << 40
