"""chibo core: plain Python, never imports Qt."""
import warnings as _warnings

__version__ = "0.1.0"

# pyHanko imports cryptography's DSA classes, and cryptography warns on that import ("DSA is
# deprecated"). chibo never makes or accepts DSA keys; the warning is nothing a secretary can
# act on, and it put English on a Vietnamese terminal at every signing or verifying command.
_warnings.filterwarnings("ignore", message=r"DSA is deprecated")
