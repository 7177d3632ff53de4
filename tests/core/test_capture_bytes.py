"""A capture changes a note's bytes only by the lines it inserts: encoding, byte order mark,
line endings and the trailing newline (or its absence) stay as they were."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from tests.core.capture_checks import a, captured, inserted_at
from tests.fuzz.fuzz_core import random_inputs
from viewer.core.capture import CaptureRefused, Written, capture
from viewer.core.text import MAX_NOTE_BYTES, decode

BOM = codecs.BOM_UTF8


def refused(root: Path, data: bytes, text: str, seconds: float = 70) -> str:
    """The sentence a capture into a note of ``data`` is refused with; the note unchanged."""
    path = root / "note.md"
    path.write_bytes(data)
    with pytest.raises(CaptureRefused) as refusal:
        capture(root, path, data, seconds, text)
    assert path.read_bytes() == data
    assert sorted(p.name for p in root.iterdir()) == ["note.md"]  # no temporary file left
    return str(refusal.value)


def test_utf8_text_into_a_utf8_note(notes_dir: Path) -> None:
    before = f"Said {a('01:00:00')}.\n\nLater — “quoted”.\n"
    _, data, after = captured(notes_dir, before, 70, "café ✓ 🎬")
    item = f"\n- {a('01:10:00')} café ✓ 🎬\n".encode()
    assert after == inserted_at(data, b"\nLater", item)


def test_utf8_with_a_byte_order_mark_and_crlf(notes_dir: Path) -> None:
    text = f"---\r\ntitle: T\r\n---\r\nSaid {a('02:43:00')}.\r\n\r\nLater.\r\n"
    _, data, after = captured(notes_dir, BOM + text.encode(), 170, "café")
    assert after == inserted_at(data, b"\r\nLater", f"\r\n- {a('02:50:00')} café\r\n".encode())
    assert after.startswith(BOM) and not after[3:].startswith(BOM)
    assert after.count(b"\n") == after.count(b"\r\n")


def test_a_note_of_only_a_byte_order_mark_keeps_it_first(notes_dir: Path) -> None:
    _, _, after = captured(notes_dir, BOM, 5, "x")
    assert after == BOM + f"## Notes\n\n- {a('00:05:00')} x\n".encode()


def test_windows_1252_text_into_a_windows_1252_note(notes_dir: Path) -> None:
    before = f"# Résumé\n\nIl a dit « voilà » l’été {a('00:10:00')}.\n\nFin.\n".encode("cp1252")
    assert decode(before).encoding == "cp1252"
    _, data, after = captured(notes_dir, before, 20, "C’est l’été à Noël")
    item = f"\n- {a('00:20:00')} C’est l’été à Noël\n".encode("cp1252")
    assert b"C\x92est l\x92\xe9t\xe9 \xe0 No\xebl" in item
    assert after == inserted_at(data, b"\nFin.", item)
    assert decode(after).encoding == "cp1252"


def test_text_windows_1252_cannot_hold_is_refused_with_a_sentence(notes_dir: Path) -> None:
    before = f"Caf\xe9 {a('01:00:00')}.\n".encode("cp1252")
    message = refused(notes_dir, before, "done ✓ → next")
    assert (
        message
        == "“note.md” is saved in Windows-1252, which cannot hold “✓→”; nothing was written."
    )


def test_text_that_would_change_how_the_encoding_is_read_is_refused(notes_dir: Path) -> None:
    # Windows-1252 letters that read as Russian in Windows-1251: the detection would tip,
    # and every accented letter of the note would then read as Cyrillic.
    before = f"Caf\xe9 {a('01:00:00')}.\n".encode("cp1252")
    russian = "Привет мир, как дела? Сегодня мы говорим о трансформерах и внимании."
    message = refused(notes_dir, before, russian.encode("cp1251").decode("cp1252"))
    assert "would change how the rest of “note.md” reads" in message
    assert "Windows-1252" in message


def test_a_shift_jis_note_gets_shift_jis(notes_dir: Path) -> None:
    before = (
        "# 講演のメモ\n\n"
        f"今日はトランスフォーマーについて話します。これは長い文章です {a('01:00:00')}。\n"
        "\n次の話題は注意機構です。\n"
    ).encode("shift_jis")
    assert decode(before).encoding == "cp932"
    _, data, after = captured(notes_dir, before, 70, "注意機構")
    assert after == inserted_at(
        data, "\n次の".encode("shift_jis"), f"\n- {a('01:10:00')} 注意機構\n".encode("cp932")
    )
    assert "cannot hold “é”" in refused(notes_dir, before, "é")


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"])
def test_no_trailing_newline_stays_so(notes_dir: Path, ending: str) -> None:
    before = f"Said {a('01:00:00')}.{ending}{ending}Last line {a('02:00:00')}."
    written, data, after = captured(notes_dir, before, 130, "end")
    assert after == data + f"{ending}{ending}- {a('02:10:00')} end".encode()
    assert written.lines == range(5, 6)


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"])
def test_the_line_ending_is_the_notes(notes_dir: Path, ending: str) -> None:
    before = f"- one {a('01:00:00')}{ending}  more{ending}- two {a('02:00:00')}{ending}"
    _, data, after = captured(notes_dir, before, 70, "a\nb")
    item = f"- {a('01:10:00')} a{ending}  b{ending}"
    assert after == inserted_at(data, b"- two", item.encode())


def test_mixed_line_endings_follow_the_line_before(notes_dir: Path) -> None:
    before = f"Said {a('01:00:00')}.\r\n\nLater.\n"
    _, data, after = captured(notes_dir, before, 70, "x")
    assert after == inserted_at(data, b"\nLater", f"\r\n- {a('01:10:00')} x\r\n".encode())


def test_damaged_utf8_keeps_its_bad_bytes(notes_dir: Path) -> None:
    before = f"Café {a('01:00:00')} and a bad byte ".encode() + b"\xff here.\n\nLater.\n"
    assert decode(before).encoding == "utf-8"
    _, data, after = captured(notes_dir, before, 70, "été")
    assert after == inserted_at(data, b"\nLater", f"\n- {a('01:10:00')} été\n".encode())


def test_notes_that_cannot_take_a_line_are_refused_with_a_sentence(notes_dir: Path) -> None:
    utf16 = f"Said {a('01:00:00')}.\n".encode("utf-16")
    assert refused(notes_dir, utf16, "x") == (
        "“note.md” is saved as UTF-16; lines are added only to notes saved as UTF-8 or in a "
        "one-byte encoding such as Windows-1252. Nothing was written."
    )
    binary = bytes(range(256)) * 4
    assert refused(notes_dir, binary, "x") == "“note.md” is not text; nothing was written."
    large = (f"Said {a('01:00:00')}.\n" * (MAX_NOTE_BYTES // 40)).encode()
    assert len(large) > MAX_NOTE_BYTES
    assert refused(notes_dir, large, "x") == (
        "“note.md” is larger than the 1 MB the app shows; nothing was written."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "There is nothing to add: the text is empty."),
        (" \n\t\n", "There is nothing to add: the text is empty."),
        (
            "bell\x07",
            "The text holds an invisible control character (U+0007, a control character); "
            "nothing was written.",
        ),
        (
            "see:\n```\ncode that never ends",
            "The text opens a code block (```) it does not close, which would take the rest "
            "of the note into it; nothing was written.",
        ),
        (
            "a\u2028b",
            "The text holds an invisible control character (U+2028, line separator); "
            "nothing was written.",
        ),
    ],
)
def test_text_that_cannot_be_written_as_typed_is_refused(
    notes_dir: Path, text: str, message: str
) -> None:
    assert refused(notes_dir, f"Said {a('01:00:00')}.\n".encode(), text) == message


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), 8 * 24 * 3600.0])
def test_a_moment_that_is_not_a_time_is_refused(notes_dir: Path, seconds: float) -> None:
    message = refused(notes_dir, f"Said {a('01:00:00')}.\n".encode(), "x", seconds)
    assert message == "The moment is not a time; nothing was written."


def test_hostile_notes_get_the_line_or_a_sentence_and_never_lose_a_byte(notes_dir: Path) -> None:
    """Seeded inputs of the core's fuzzer (cut and spliced notes, token soups, raw bytes):
    each capture writes exactly one run of new bytes into the note, or is refused with the
    note unchanged; nothing raises."""
    rng = random.Random(20261206)
    path = notes_dir / "note.md"
    written = 0
    for data in random_inputs(seed=20261206, count=400):
        path.write_bytes(data)
        try:
            result = capture(notes_dir, path, data, rng.uniform(0, 4000), "typed ✓\nmore")
        except CaptureRefused as refusal:  # not text, or an encoding without ✓
            assert str(refusal).endswith("nothing was written.")
            assert path.read_bytes() == data
            continue
        after = path.read_bytes()
        assert isinstance(result, Written) and result.after == after
        at = next(
            (i for i, (x, y) in enumerate(zip(data, after, strict=False)) if x != y), len(data)
        )
        assert after[at + len(after) - len(data) :] == data[at:], data
        lines = after.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        assert b"typed \xe2\x9c\x93" in lines[result.line - 1], data
        written += 1
    assert written > 250
