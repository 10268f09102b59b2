"""Meeting procedures as data and the state machine that walks them."""
