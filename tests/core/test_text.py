"""Decoding a note's bytes: BOMs, line endings, bad bytes, binary junk, huge files."""

from __future__ import annotations

import codecs

import pytest

from viewer.core.text import MAX_NOTE_BYTES, decode


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"plain", "plain"),
        (codecs.BOM_UTF8 + b"---\ntitle: x\n---\n", "---\ntitle: x\n---\n"),
        (b"a\r\nb\r\n", "a\nb\n"),
        (b"old\rmac\r", "old\nmac\n"),
        (b"mixed\r\nends\rhere\n", "mixed\nends\nhere\n"),
        ("caf\u00e9 \u2014 \U0001f600".encode(), "caf\u00e9 \u2014 \U0001f600"),
        (codecs.BOM_UTF16_LE + "h\u00e9".encode("utf-16-le"), "h\u00e9"),
        (codecs.BOM_UTF16_BE + "h\u00e9\r\n".encode("utf-16-be"), "h\u00e9\n"),
        (b"tab\tand\x0cform feed\x1b", "tab\tand\x0cform feed\x1b"),
    ],
)
def test_text_is_decoded_with_newline_endings_and_no_problem(data: bytes, text: str) -> None:
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.problems == []


def test_bytes_that_are_not_utf8_are_replaced_and_reported() -> None:
    decoded = decode("caf\u00e9 ok".encode("latin-1"))
    assert decoded.text == "caf\ufffd ok"
    assert len(decoded.problems) == 1
    assert "not valid UTF-8" in decoded.problems[0]
    assert "position 3" in decoded.problems[0]


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", codecs.BOM_UTF8])
def test_an_empty_file_is_reported(data: bytes) -> None:
    decoded = decode(data)
    assert decoded.text.strip() == ""
    assert decoded.problems == ["The file is empty."]


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02binary",
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"text with one NUL\x00 byte",
        bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20,
    ],
)
def test_binary_junk_gives_no_text_and_one_problem(data: bytes) -> None:
    decoded = decode(data)
    assert decoded.text == ""
    assert decoded.problems == ["The file is not text (it looks like binary data)."]


def test_a_huge_file_is_cut_at_a_line_break_and_reported() -> None:
    line = b"x" * 99 + b"\n"
    data = line * (MAX_NOTE_BYTES // len(line) + 2000)
    decoded = decode(data)
    assert len(decoded.text.encode()) <= MAX_NOTE_BYTES
    assert len(decoded.text) > MAX_NOTE_BYTES - len(line)
    assert set(decoded.text.split("\n")) == {"x" * 99}  # no half line
    assert decoded.problems == ["The note is 1.2 MB; only its first 1 MB is shown."]


def test_a_huge_file_without_line_breaks_is_cut_at_the_limit() -> None:
    decoded = decode(b"y" * (MAX_NOTE_BYTES + 10))
    assert decoded.text == "y" * MAX_NOTE_BYTES
    assert len(decoded.problems) == 1


def test_a_cut_inside_a_multibyte_character_does_not_fail() -> None:
    # 3-byte characters and no newline: the cut lands inside one of them.
    decoded = decode("\u20ac".encode() * (MAX_NOTE_BYTES // 3 + 10))
    assert decoded.text.startswith("\u20ac" * 1000)
    assert any("MB" in problem for problem in decoded.problems)
    assert any("UTF-8" in problem for problem in decoded.problems)
