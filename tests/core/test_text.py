"""Decoding a note's bytes: BOMs, line endings, bad bytes, binary junk, huge files."""

from __future__ import annotations

import codecs

import pytest

from tests.core.conftest import messages
from viewer.core.problems import Kind, Problem
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
    assert messages(decoded.problems) == []


def test_a_damaged_utf8_file_stays_utf8_with_the_bad_bytes_replaced_and_reported() -> None:
    decoded = decode("caf\u00e9 ok\n\u00e9t\u00e9 ".encode() + b"\xe9 end")
    assert decoded.text == "caf\u00e9 ok\n\u00e9t\u00e9 \ufffd end"
    assert decoded.problems == [
        Problem(
            Kind.INVALID_UTF8,
            "The file is not valid UTF-8 (first bad byte at position 15); unreadable "
            "characters are shown as \ufffd.",
            2,
        )
    ]
    assert decoded.problems[0].is_error


@pytest.mark.parametrize(
    ("text", "encoding", "name"),
    [
        ("Café", "latin-1", "Windows-1252"),
        ("# Café\n\nNotes sur le café, très bon. Ça marche.\n", "cp1252", "Windows-1252"),
        ("He said “hello” — it’s fine.\n", "cp1252", "Windows-1252"),
        ("# Über Größe\n\nDie Straße ist schön.\n", "latin-1", "Windows-1252"),
        ("Привет, как дела? Это заметка.\n", "cp1251", "Windows-1251"),
        ("これは動画についてのメモです。\n", "shift_jis", "Shift JIS"),
        ("# Zażółć gęślą jaźń\n\nTo jest notatka. Łódź.\n", "cp1250", "Windows-1250"),
    ],
)
def test_text_that_is_not_utf8_is_decoded_by_detection_and_the_encoding_named(
    text: str, encoding: str, name: str
) -> None:
    decoded = decode(("---\ntitle: x\n---\n" + text).encode(encoding))
    assert decoded.text == "---\ntitle: x\n---\n" + text
    (problem,) = decoded.problems
    assert problem.kind is Kind.ENCODING_GUESSED
    assert not problem.is_error  # a warning: the text is all there
    assert problem.message == (
        f"The file is not UTF-8; it was read as {name}, the encoding it most likely has."
    )
    assert problem.line == 4  # the first line that is not UTF-8


def test_bytes_no_code_page_defines_fall_back_to_windows_1252() -> None:
    # 0x81 is undefined in Windows-1252 and most others: still text, with one replacement.
    decoded = decode(b"plain text \x81 and caf\xe9\n")
    assert decoded.text.startswith("plain text ")
    assert decoded.text.endswith(" and caf\u00e9\n")
    assert [problem.kind for problem in decoded.problems] == [Kind.ENCODING_GUESSED]


def test_utf32_with_a_byte_order_mark_reads_too() -> None:
    decoded = decode(codecs.BOM_UTF32_LE + "caf\u00e9\r\n".encode("utf-32-le"))
    assert (decoded.text, decoded.problems) == ("caf\u00e9\n", [])


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", codecs.BOM_UTF8])
def test_an_empty_file_is_reported(data: bytes) -> None:
    decoded = decode(data)
    assert decoded.text.strip() == ""
    assert messages(decoded.problems) == ["The file is empty."]


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
    assert messages(decoded.problems) == ["The file is not text (it looks like binary data)."]


def test_a_huge_file_is_cut_at_a_line_break_and_reported() -> None:
    line = b"x" * 99 + b"\n"
    data = line * (MAX_NOTE_BYTES // len(line) + 2000)
    decoded = decode(data)
    assert len(decoded.text.encode()) <= MAX_NOTE_BYTES
    assert len(decoded.text) > MAX_NOTE_BYTES - len(line)
    assert set(decoded.text.split("\n")) == {"x" * 99}  # no half line
    assert messages(decoded.problems) == ["The note is 1.2 MB; only its first 1 MB is shown."]


def test_a_huge_file_without_line_breaks_is_cut_at_the_limit() -> None:
    decoded = decode(b"y" * (MAX_NOTE_BYTES + 10))
    assert decoded.text == "y" * MAX_NOTE_BYTES
    assert len(decoded.problems) == 1


def test_a_cut_inside_a_multibyte_character_does_not_fail() -> None:
    # 3-byte characters and no newline: the cut lands inside one of them.
    decoded = decode("\u20ac".encode() * (MAX_NOTE_BYTES // 3 + 10))
    assert decoded.text.startswith("\u20ac" * 1000)
    # The cut is the only problem: a character cut in half by it is not a bad byte.
    assert [problem.kind for problem in decoded.problems] == [Kind.TRUNCATED]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"plain ASCII\n", "utf-8"),
        (codecs.BOM_UTF8 + "café\n".encode(), "utf-8"),
        (b"caf\xc3\xa9 \xff damaged\n", "utf-8"),
        ("Il a dit « voilà » l’été\n".encode("cp1252"), "cp1252"),
        ("café\n".encode("utf-16"), "utf-16"),
        (b"\x00\x01\x02binary", ""),
    ],
)
def test_the_decoded_text_names_the_codec_it_was_read_with(data: bytes, encoding: str) -> None:
    assert decode(data).encoding == encoding
