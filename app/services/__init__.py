"""Services: what one user action does, the same for the desktop app, the command line and the
demo (they call these functions; the rules and the store stay underneath)."""
