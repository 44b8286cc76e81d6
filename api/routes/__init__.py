"""HTTP routes: each parses its input, calls one service function and returns its result."""
