"""Writing a note and capturing into it, for the capture tests: each checks exact bytes."""

from __future__ import annotations

from pathlib import Path

from viewer.core.capture import Written, capture


def a(value: str) -> str:
    """The timestamp anchor for ``value``, in the seed's form."""
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


def captured(
    root: Path,
    before: bytes | str,
    seconds: float,
    text: str,
    name: str = "note.md",
    quote: str | None = None,
) -> tuple[Written, bytes, bytes]:
    """Write ``before`` (text as UTF-8) to ``name`` in ``root``, capture into it as shown:
    the result, the bytes before and the bytes after."""
    data = before.encode() if isinstance(before, str) else before
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    written = capture(root, path, data, seconds, text, quote=quote)
    assert isinstance(written, Written), written
    after = path.read_bytes()
    assert after == written.after
    assert written.before == data
    return written, data, after


def inserted_at(before: bytes, following: bytes, inserted: bytes) -> bytes:
    """``before`` with ``inserted`` put in right before its only ``following`` (empty: at the
    end): what a capture must write, and nothing else."""
    if not following:
        return before + inserted
    assert before.count(following) == 1, following
    at = before.index(following)
    return before[:at] + inserted + before[at:]
