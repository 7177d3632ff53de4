"""Calls of a method counted while a test runs: how much work a change of the notes made."""

from __future__ import annotations

from typing import Any

import pytest


def calls(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[tuple[Any, ...]]:
    """Every call of ``owner.name`` from now on, each as its arguments (an instance method's
    own object first), in order; the method still does what it did."""
    recorded: list[tuple[Any, ...]] = []
    original = getattr(owner, name)

    def spy(*args: Any) -> Any:
        recorded.append(args)
        return original(*args)

    monkeypatch.setattr(owner, name, spy)
    return recorded
