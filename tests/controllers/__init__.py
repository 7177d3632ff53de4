"""Controller tests: the window's parts alone, with fakes where the machine has no way to reach
the real thing, and no Chromium."""
