"""Meeting documents in the desktop app: preview (QtPdf), printing, signing, verification.

The wizard's entry points are in ``documents_panel`` (``open_documents``,
``print_minutes_now``); the verification dialog is opened from the File menu.
"""
