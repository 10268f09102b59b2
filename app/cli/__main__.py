"""``python -m app.cli``: the same ``chibo`` command."""
import sys

from app.cli import main

sys.exit(main())
