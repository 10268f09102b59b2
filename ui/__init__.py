"""The PySide6 desktop shell: views and dialogs only; every rule lives in ``app``."""
