"""WebVTT read as the W3C's parsing algorithm reads it, and its shortcuts agreeing with it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.transcripts import Cue, parse_transcript
from viewer.core.transcripts.webvtt import (
    _TIMING_LINE,
    _by_lines,
    _simple,
    _uniform,
    alike_spans,
    is_webvtt,
    milliseconds,
    milliseconds_of,
    normalized,
    parse_webvtt,
    plain_text,
    seconds,
    seconds_of,
    seconds_of_milliseconds,
)


def cues_of(text: str) -> list[tuple[float, float, str]]:
    read = parse_transcript(text)
    return [(cue.start, cue.end, cue.text) for cue in read.cues]


@pytest.mark.parametrize(
    "text",
    ["WEBVTT", "WEBVTT\n", "WEBVTT FILE\n", "WEBVTT\tx\n", "\ufeffWEBVTT\n", "WEBVTT\r\n"],
)
def test_a_file_that_starts_with_the_signature_is_webvtt(text: str) -> None:
    assert is_webvtt(text)


@pytest.mark.parametrize("text", ["", "WEBVT", "WEBVTTX\n", "webvtt\n", " WEBVTT\n", "WEBVTT-\n"])
def test_anything_else_is_not(text: str) -> None:
    assert not is_webvtt(text)
    assert parse_webvtt(text) is None


def test_the_header_and_note_style_and_region_blocks_are_not_cues() -> None:
    text = (
        "WEBVTT - a title\nKind: captions\nLanguage: en\n\n"
        "STYLE\n::cue { color: lime }\n\n"
        "REGION\nid:fred width:40%\n\n"
        "NOTE a comment\nover two lines\n\n"
        "00:01.000 --> 00:02.000\nspoken\n"
    )
    assert cues_of(text) == [(1.0, 2.0, "spoken")]
    assert parse_transcript(text).problems == ()


def test_a_header_followed_by_a_cue_without_a_blank_line_ends_there() -> None:
    assert cues_of("WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nhi\n") == [(1.0, 2.0, "hi")]


def test_an_id_line_is_not_text() -> None:
    text = "WEBVTT\n\nintro\n00:01.000 --> 00:02.000\nhello\n\n2\n00:03.000 --> 00:04.000\nbye\n"
    assert cues_of(text) == [(1.0, 2.0, "hello"), (3.0, 4.0, "bye")]


def test_an_arrow_line_inside_a_cue_ends_it_and_starts_the_next() -> None:
    text = (
        "WEBVTT\n\n"
        "00:01.000 --> 00:02.000\nfirst\n00:03.000 --> 00:04.000\nsecond\n"
        "00:05.000 --> 00:06.000\n00:07.000 --> 00:08.000\nfourth\n"
    )
    assert cues_of(text) == [
        (1.0, 2.0, "first"),
        (3.0, 4.0, "second"),
        (7.0, 8.0, "fourth"),  # the third cue has no text: nothing was said
    ]


def test_a_block_whose_third_line_has_the_arrow_starts_a_cue_there() -> None:
    text = "WEBVTT\n\nstray\nlines\n00:01.000 --> 00:02.000\ntext\n"
    assert cues_of(text) == [(1.0, 2.0, "text")]


@pytest.mark.parametrize(
    ("timing", "start", "end"),
    [
        ("00:01.000 --> 00:02.500", 1.0, 2.5),
        ("00:00:01.000 --> 00:00:02.500", 1.0, 2.5),
        ("01:02:03.004 --> 01:02:04.000", 3723.004, 3724.0),
        ("100:00:00.000 --> 100:00:01.000", 360000.0, 360001.0),
        ("1:00:00.000 --> 1:00:01.000", 3600.0, 3601.0),  # the parser takes one-digit hours
        ("00:01.000-->00:02.000", 1.0, 2.0),
        ("  00:01.000 \t-->\t00:02.000   align:start position:0%", 1.0, 2.0),
        ("00:01.000 --> 00:02.000align:start", 1.0, 2.0),  # settings need no space
    ],
)
def test_timestamps_the_algorithm_accepts(timing: str, start: float, end: float) -> None:
    assert cues_of(f"WEBVTT\n\n{timing}\nsaid\n") == [(start, end, "said")]


@pytest.mark.parametrize(
    ("timing", "why"),
    [
        ("00:01.00 --> 00:02.000", "fraction is not three digits"),
        ("00:01.0000 --> 00:02.000", "fraction is not three digits"),
        ("0:01.000 --> 00:02.000", "minutes or seconds are not two digits"),
        ("00:1.000 --> 00:02.000", "minutes or seconds are not two digits"),
        ("00:00:1.000 --> 00:00:02.000", "minutes or seconds are not two digits"),
        ("00:60.000 --> 01:00.000", "60 minutes or seconds or more"),
        ("00:60:00.000 --> 01:00:00.000", "60 minutes or seconds or more"),
        ("60:00.000 --> 61:00.000", "60 minutes or seconds or more"),
        ("00:00:01,000 --> 00:00:02,000", "is not a cue's time"),
        ("00:01.000 -> 00:02.000 -->", "is not a cue's time"),
        ("1234567890:00:00.000 --> 00:02.000", "too large"),
    ],
)
def test_other_timestamps_drop_the_cue_with_a_problem_naming_its_line(
    timing: str, why: str
) -> None:
    text = f"WEBVTT\n\n00:00.000 --> 00:00.500\nkept\n\n{timing}\ndropped\n"
    read = parse_transcript(text)
    assert [cue.text for cue in read.cues] == ["kept"]
    assert len(read.problems) == 1
    assert read.problems[0].startswith("Line 6: '")
    assert why in read.problems[0] and read.problems[0].endswith("the cue is dropped.")


def test_a_cue_that_ends_before_it_starts_is_kept_as_browsers_keep_it() -> None:
    read = parse_transcript("WEBVTT\n\n00:05.000 --> 00:04.000\nbackwards\n")
    assert read.cues == (Cue(5.0, 4.0, "backwards"),)
    assert read.problems == ()


def test_cue_text_is_made_plain() -> None:
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n"
        "<v Ana>Hello <b>there</b></v> &amp; <c.loud>welcome</c>   to\t<i>the</i> "
        "<ruby>漢<rt>kan</rt></ruby> <lang en>show</lang> &lt;3 &nbsp;\n"
        "   \n<u>second</u>   line  \n"
    )
    assert cues_of(text) == [(1.0, 2.0, "Hello there & welcome to the 漢kan show <3\nsecond line")]


def test_an_unclosed_tag_runs_to_the_end_of_the_text() -> None:
    assert plain_text("a < b and more") == "a"


def test_line_endings_byte_order_mark_and_nul_are_normalised() -> None:
    text = "\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nwin\x00dows\r\rmac\r"
    assert normalized(text) == "WEBVTT\n\n00:01.000 --> 00:02.000\nwin\ufffddows\n\nmac\n"
    assert cues_of(text) == [(1.0, 2.0, "win\ufffddows")]


def test_seconds_of_timestamps() -> None:
    assert seconds("01:02:03.500") == 3723.5
    assert seconds("02:03.500") == 123.5
    assert seconds_of(["00:00.001", "10:00:00.000", "59:59.999"]) == [0.001, 36000.0, 3599.999]


# The shortcuts (_uniform, _simple) must give what the algorithm (_by_lines) gives, or
# stand aside. Files are made of the lines that decide between them.
_LINES = st.sampled_from(
    [
        "00:01.000 --> 00:02.000",
        "00:00:03.000 --> 00:00:04.500 align:start",
        "00:05.000 --> 00:06.000 --> x",
        "00:1.000 --> 00:02.000",
        "1:00:00.000 --> 1:00:01.000",
        "spoken words",
        "<00:00:01.000><c> timed</c>",
        "words --> with an arrow",
        "NOTE a note",
        "STYLE",
        "7",
        " ",
        "",
        "",
    ]
)


def _same(one: object, other: object) -> bool:
    from viewer.core.transcripts.webvtt import CueList

    assert isinstance(one, CueList) and isinstance(other, CueList)
    return (one.starts(), one.ends(), one.texts(), one.problems) == (
        other.starts(),
        other.ends(),
        other.texts(),
        other.problems,
    )


@settings(max_examples=400)
@given(st.lists(_LINES, max_size=30), st.booleans())
def test_the_shortcuts_give_what_the_algorithm_gives(lines: list[str], header: bool) -> None:
    text = normalized("WEBVTT\n" + ("Kind: captions\n" if header else "") + "\n".join(lines))
    expected = _by_lines(text)
    for shortcut in (_uniform, _simple):
        found = shortcut(text)
        assert found is None or _same(found, expected), shortcut.__name__


@settings(max_examples=200)
@given(st.integers(1, 4), st.integers(0, 1), st.integers(1, 20), st.booleans())
def test_files_of_blocks_of_one_size_take_the_uniform_shortcut(
    text_lines: int, ids: int, count: int, trailing: bool
) -> None:
    blocks = []
    for index in range(count):
        lines = [f"id{index}"] * ids + [f"00:{index:02d}.000 --> 00:{index:02d}.500"]
        lines += [f"line {index}.{line}" for line in range(text_lines)]
        blocks.append("\n".join(lines))
    text = "WEBVTT\n\n" + "\n\n".join(blocks) + ("\n\n\n" if trailing else "")
    found = _uniform(text)
    assert found is not None
    assert _same(found, _by_lines(text))
    assert len(found) == count


def test_any_text_gives_cues_or_problems_never_an_exception() -> None:
    @given(st.text())
    def check(text: str) -> None:
        parse_transcript("WEBVTT\n" + text)

    check()


_STAMPS = st.sampled_from(["{:02d}:{:02d}:{:02d}.{:03d}", "{:d}:{:02d}:{:02d}.{:03d}"]).flatmap(
    lambda form: st.lists(
        st.builds(
            form.format,
            st.integers(0, 99),
            st.integers(0, 59),
            st.integers(0, 59),
            st.integers(0, 999),
        ),
        max_size=40,
    )
)


@settings(max_examples=200)
@given(_STAMPS)
def test_timestamps_read_as_columns_are_each_ones_milliseconds_and_seconds(
    stamps: list[str],
) -> None:
    values = milliseconds_of(stamps)
    assert values == [milliseconds(stamp) for stamp in stamps]
    # As floats, the same as the seconds of each, to the last bit.
    assert seconds_of_milliseconds(values) == [seconds(stamp) for stamp in stamps]
    assert seconds_of_milliseconds(values) == seconds_of(stamps)


def test_milliseconds_of_any_timestamps_the_algorithm_takes() -> None:
    stamps = ["00:01.000", "59:59.999", "1:00:00.000", "123:04:05.006"]
    assert milliseconds_of(stamps) == [1000, 3_599_999, 3_600_000, 443_045_006]
    assert milliseconds_of(["100:00:00.000", "999:59:59.999"]) == [360_000_000, 3_599_999_999]


@settings(max_examples=300)
@given(st.lists(_LINES.filter(lambda line: "-->" in line), min_size=1, max_size=6), _STAMPS)
def test_timing_lines_written_alike_are_found_so_only_when_all_are_valid(
    lines: list[str], stamps: list[str]
) -> None:
    # Lines of one layout: the first line's, its times replaced by others of the same width.
    first = lines[0]
    match = _TIMING_LINE.fullmatch(first)
    timings = [first]
    if match is not None:
        width = match.end(1) - match.start(1)
        for stamp in stamps:
            if len(stamp) == width:
                timings.append(first[: match.start(1)] + stamp + first[match.end(1) :])
    spans = alike_spans("\n".join(timings), len(first) + 1)
    valid = [_TIMING_LINE.fullmatch(line) for line in timings]
    if spans is not None:
        assert all(valid)
        assert {(*found.span(1), *found.span(2)) for found in valid if found} == {spans}
    elif all(valid) and match is not None:
        assert len({len(line) for line in timings}) == 1  # alike, so found as such
        pytest.fail("valid timing lines written alike were not found alike")


def test_timing_lines_with_a_minute_of_sixty_or_more_are_not_alike() -> None:
    good, bad = "00:00:01.000 --> 00:00:02.000", "00:60:01.000 --> 00:00:02.000"
    assert alike_spans(f"{good}\n{good}", len(good) + 1) == (0, 12, 17, 29)
    assert alike_spans(f"{good}\n{bad}", len(good) + 1) is None
