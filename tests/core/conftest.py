"""Fixtures for the core tests: plain Python, no Qt."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from viewer.core.problems import Problem
from viewer.core.render import NoteRenderer

#: A byte-for-byte copy of ``shared/samples``: one real note exactly as users have them.
SAMPLES = Path(__file__).parent / "data" / "samples"
SAMPLE_NOTE = SAMPLES / "model_architectures_in_ai.md"

WriteNote = Callable[..., Path]


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder


@pytest.fixture
def write(notes_dir: Path) -> WriteNote:
    """``write("sub/a.md", "text")`` creates a file below ``notes_dir`` (text or bytes)."""

    def write(relative: str, content: str | bytes = "") -> Path:
        path = notes_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    return write


@pytest.fixture
def renderer() -> NoteRenderer:
    return NoteRenderer()


def messages(problems: Sequence[Problem]) -> list[str]:
    """The problems as their readers see them."""
    return [problem.message for problem in problems]


@contextmanager
def must_finish_within(seconds: int) -> Iterator[None]:
    """Fails a call that hangs (catastrophic regex backtracking), not one that is slowish."""

    def hung(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
