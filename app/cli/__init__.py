"""The ``chibo`` command: no arguments opens the desktop app; verbs script everything else.

Every verb takes ``--db PATH`` (also accepted before the verb); ``CHIBO_DB`` sets the default.

``VERBS`` is the table of verbs: each names the module of ``app.cli`` that holds it (its
``PARSERS[verb]`` adds the verb's options and handler) and its one-line help. Only the module
of the verb being run is imported, so that a quick verb does not pay for the whole app.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys

from app import __version__, i18n
from app.i18n import N_, _
from app.settings import load_settings
from app.store import StoreError, explain_error

from .common import db_path

# verb -> (module in app.cli, help), in the order of ``chibo --help``.
VERBS: dict[str, tuple[str, str]] = {
    "demo": ("demo", N_("create the demo cell in an empty file")),
    "members": ("members", N_("list or import members")),
    "meeting": ("meetings", N_("list, show or create meetings")),
    "backup": ("backup", N_("make a backup now")),
    "backups": ("backup", N_("list the backups")),
    "restore": ("backup", N_("restore a backup")),
    "save-copy": ("backup", N_("save a complete copy of the data file (documents included) "
                               "elsewhere")),
    "files-moved-in": ("backup", N_("the files of an older version's folder that the upgrade "
                                    "could not move into the data file (exit status 1 when "
                                    "there are any)")),
    "schedule": ("schedule", N_("the year's regular meeting days (the cell's days off with --db)")),
    "daysoff": ("schedule", N_("the organisation's days off and make-up working days")),
    "points": ("members", N_("monthly e-handbook points")),
    "keys": ("signing", N_("signing keys")),
    "minutes": ("documents", N_("write a meeting's minutes as PDF")),
    "resolution": ("documents", N_("write a meeting's resolution or conclusion as PDF")),
    "topic": ("documents", N_("write a thematic meeting's topic document as PDF")),
    "handbook-pack": ("handbook", N_("write a meeting's files for the Sổ tay đảng viên điện tử "
                                     "and record the upload")),
    "plan-pdf": ("documents", N_("write the year's thematic meeting plan as PDF")),
    "numbers": ("numbers", N_("the register of issued document numbers")),
    "docformat": ("numbers", N_("the document format profile and the committee term start")),
    "verify": ("signing", N_(
        "check the digital signatures of a PDF (exit status 0 only when intact and valid; "
        "with --db the keys made for the cell are trusted)")),
    "remote": ("remote", N_("sign when online: the signing queue and remote signing providers "
                            "(the only verb that uses the network)")),
    "export": ("export", N_("export signed meeting bundles for the party office")),
    "inbox": ("inbox", N_("receipts and documents the party office sent back (checked against "
                          "its key)")),
    "report": ("report", N_("the cell's model-cell evaluation of a year")),
    "office": ("office", N_("the party office console")),
}


def build_parser(verbs=None) -> argparse.ArgumentParser:
    """The parser of every verb; with ``verbs``, only those get their options (the others are
    listed by ``--help`` but their modules are not imported)."""
    parser = argparse.ArgumentParser(prog="chibo", description=_(
        "chibo: records and meetings of a Party cell. Without a verb it opens the desktop app."))
    parser.add_argument("--version", action="version", version=f"chibo {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--db", metavar="PATH", help=_("the cell's data file"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language (vi or en)"))
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb, (module, what) in VERBS.items():
        p = sub.add_parser(verb, help=_(what))
        if verbs is None or verb in verbs:
            importlib.import_module(f"{__name__}.{module}").PARSERS[verb](p)
    return parser


def _verb_of(argv: list[str]) -> str | None:
    """The verb named in ``argv`` (the first word that is not a global option or its value)."""
    takes_value = ("--db", "--lang")
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word.startswith("-"):
            name = word.split("=", 1)[0]
            if "=" not in word and len(name) > 2 and any(o.startswith(name) for o in takes_value):
                next(words, None)  # the option's value (argparse accepts a unique prefix)
            continue
        return word
    return None


# argparse's own texts (it looks its ``_`` up at call time), so that help and errors read
# in the UI language too.
_ARGPARSE_TEXTS = {
    "usage: ": N_("usage: "),
    "positional arguments": N_("positional arguments"),
    "options": N_("options"),
    "show this help message and exit": N_("show this help message and exit"),
    "show program's version number and exit": N_("show program's version number and exit"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: error: %(message)s\n"),
    "invalid choice: %(value)r (choose from %(choices)s)":
        N_("invalid choice: %(value)r (choose from %(choices)s)"),
    "the following arguments are required: %s": N_("the following arguments are required: %s"),
    "unrecognized arguments: %s": N_("unrecognized arguments: %s"),
    "expected one argument": N_("expected one argument"),
    "argument %(argument_name)s: %(message)s": N_("argument %(argument_name)s: %(message)s"),
    "invalid %(type)s value: %(value)r": N_("invalid %(type)s value: %(value)r"),
}


def _apply_language(lang: str | None) -> None:
    i18n.set_language(lang or load_settings().language)
    argparse._ = lambda text: _(_ARGPARSE_TEXTS[text]) if text in _ARGPARSE_TEXTS else text


def _gui_only(argv: list[str]) -> argparse.Namespace | None:
    """The options when ``argv`` only opens the app (nothing, ``--db``, ``--lang``), else
    ``None``. Spares the start of the app building the whole parser with its translated help."""
    gui = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    gui.add_argument("--db")
    gui.add_argument("--lang", choices=i18n.LANGUAGES)
    try:
        args, rest = gui.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=i18n.LANGUAGES)
    known, _rest = pre.parse_known_args(argv)
    _apply_language(known.lang)
    gui_args = _gui_only(argv)
    if gui_args is not None:
        args = gui_args
    else:
        verb = _verb_of(argv)
        args = build_parser([verb] if verb in VERBS else []).parse_args(argv)
    if not getattr(args, "func", None):
        from ui.main import run_gui  # the desktop app, only when it is opened

        return run_gui(db_path(args) if args.db else None, lang=args.lang)
    try:
        code = args.func(args) or 0
        sys.stdout.flush()          # a closed pipe shows here, inside the handlers below
        return code
    except BrokenPipeError:
        # The reader went away (`chibo meeting list | head`): not a fault of the data file.
        # Point stdout at nothing so that Python's flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141      # 128 + SIGPIPE, as a shell pipeline reports it
    except (StoreError, sqlite3.Error, OSError) as exc:
        # Busy, read-only, disk full, not a chibo file, damaged: each its message and code.
        error = explain_error(exc, getattr(exc, "filename", None) or getattr(args, "db", None)
                              or "")
        print(str(error), file=sys.stderr)
        return error.exit_code
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
