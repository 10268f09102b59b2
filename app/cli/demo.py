"""``chibo demo``: the demo cell in an empty file."""
from __future__ import annotations

from app.demo import make_demo
from app.i18n import _

from .common import add_db, open_cell


def cmd_demo(args) -> int:
    with open_cell(args) as store:
        cell, made = make_demo(store)
        if made:
            print(_("Demo cell “{name}” created in {path}.").format(name=cell.name,
                                                                   path=store.path))
        else:
            print(_("The demo cell “{name}” is already in {path}.").format(name=cell.name,
                                                                          path=store.path))
    return 0


def add_demo(parser) -> None:
    add_db(parser)
    parser.set_defaults(func=cmd_demo)


PARSERS = {"demo": add_demo}
