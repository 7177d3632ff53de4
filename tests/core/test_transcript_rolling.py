"""The shortcut for yt-dlp's auto-captions reads what the W3C's algorithm reads, or stands aside."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from benchmarks.captions import rolling_captions, spoken_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLES
from viewer.core.transcripts import Cue, Transcript, parse_transcript, reading, rolling
from viewer.core.transcripts.rolling import rolling_speech
from viewer.core.transcripts.speech import without_tags
from viewer.core.transcripts.webvtt import normalized

FIXTURE = Path(__file__).parent / "data" / "transcripts" / "rolling.en.vtt"
BRIDGES = SAMPLES / "transcripts" / "Why Bridges Hum [Hq4vTz8WbLs].en.vtt"


def by_the_algorithm(text: str, monkeypatch: pytest.MonkeyPatch) -> Transcript:
    """The transcript of ``text`` as the general reading gives it: the shortcut turned off."""
    with monkeypatch.context() as patch:
        patch.setattr(reading, "rolling_speech", lambda _text: None)
        return parse_transcript(text)


def captions(seconds: float, seed: int) -> str:
    return rolling_captions(list(spoken_lines(seconds, seed)))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(captions(3 * 3600.0, 1), id="three hours, as the benchmark"),
        pytest.param(captions(600.0, 7), id="ten minutes"),
        pytest.param(captions(1.0, 2), id="one line"),
        pytest.param(FIXTURE.read_text(encoding="utf-8"), id="the fixture"),
        pytest.param(BRIDGES.read_text(encoding="utf-8"), id="the bundled talk"),
    ],
)
def test_the_shortcut_and_the_algorithm_give_the_same_transcript(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rolling_speech(normalized(text)) is not None  # the shortcut is taken
    read = parse_transcript(text)
    assert read == by_the_algorithm(text, monkeypatch)
    assert read.cues and read.problems == ()


def test_words_with_digits_are_read_through_the_tags_and_still_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The 10 ms cues' lines are not taken as the text said when they hold a digit.
    text = rolling_captions(
        [
            [(1.0, "in"), (1.3, "2019"), (1.6, "we"), (1.9, "built")],
            [(2.2, "3"), (2.5, "bridges")],
        ]
    )
    assert rolling_speech(normalized(text)) is not None
    read = parse_transcript(text)
    assert read == by_the_algorithm(text, monkeypatch)
    assert read.cues == (Cue(1.0, 3.49, "in 2019 we built 3 bridges"),)  # the last cue ends


def test_the_10_ms_lines_are_the_words_said_only_when_they_match_digit_for_digit() -> None:
    written = "in<00:00:01.300><c> 2019</c><00:00:01.600><c> we</c>\nbuilt<00:00:02.500><c> 3</c>"
    assert rolling._said_as_written(written, "in 2019 we\nbuilt 3")
    assert not rolling._said_as_written(written, "in 2018 we\nbuilt 3")
    assert not rolling._said_as_written(written, "in 2019 we\nbuilt 4")
    assert not rolling._said_as_written(written, "in 2019 we\nbuilt")
    assert not rolling._said_as_written(written.replace("</c>", "", 1), "in 2019 we\nbuilt 3x")


def test_a_10_ms_line_that_says_other_digits_is_not_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    text = rolling_captions([[(1.0, "in"), (1.3, "2019")], [(2.2, "built"), (2.5, "3")]])
    text = text.replace("\nin 2019\n", "\nin 2018\n")  # the 10 ms cue (and the next's first line)
    read = parse_transcript(text)
    assert read == by_the_algorithm(text, monkeypatch)
    assert read.cues[0].text == "in 2019 built 3"


# Files made of pairs of rolling cues, then changed a little: the lines that decide between
# the shortcut and the algorithm (arrows, blank lines, bad times, tags, digits, spaces).
_CHANGES = [
    "",
    " ",
    "  ",
    "\t",
    "-->",
    "x-->y",
    "00:00:01.000 --> 00:00:02.000",
    "00:00:99.000 --> 00:00:02.000",
    "00:01.000 --> 00:02.000",
    "NOTE a note",
    "id",
    "a<b",
    "a &amp; b",
    "word 7",
    "x</c>",
    "<00:00:01.000><c> y</c>",
    "<00:00:75.000><c> z</c>",
    "w<00:00:01.000><c> w2</c>",
    "Done. Next",
    "[Music]",
    "\x01",
]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.lists(st.tuples(st.floats(0, 1), st.sampled_from(_CHANGES))))
def test_changed_files_give_what_the_algorithm_gives(
    seed: int, changes: list[tuple[float, str]]
) -> None:
    rng = random.Random(seed)
    lines = captions(rng.uniform(2.0, 40.0), seed).split("\n")
    for where, change in changes[:4]:
        at = int(where * (len(lines) - 1))
        kind = rng.randrange(4)
        if kind == 0:
            lines[at] = change
        elif kind == 1:
            lines.insert(at, change)
        elif kind == 2:
            lines[at] += change
        else:
            del lines[at]
    text = "\n".join(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rolling, "_CHUNK", 3)  # pairs looked at a few at a time: many chunks
        assert parse_transcript(text) == by_the_algorithm(text, patch)


def test_a_sentence_end_is_cut_in_its_own_line_after_a_line_of_tags_alone() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n \n<00:00:01.500><c></c>\n\n"
        "00:00:03.000 --> 00:00:06.000\nx\n"
        "One<00:00:03.500><c> two.</c><00:00:04.000><c> Three</c><00:00:04.500><c> four</c>\n"
    )
    assert parse_transcript(text).cues == (
        Cue(3.0, 4.0, "One two."),
        Cue(4.0, 6.0, "Three four"),
    )


_TAG = re.compile(r"<[^>\n]*>?")
_WORD = st.text(st.sampled_from("ab c09<>/&:.\t"), max_size=6)
_TIME = st.builds(
    "{:02d}:{:02d}:{:02d}.{:03d}".format,
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 999),
)


@settings(max_examples=300)
@given(st.lists(st.lists(st.tuples(_TIME, _WORD, st.booleans()), max_size=6), max_size=8))
def test_tags_come_out_as_the_regular_expression_takes_them_out(
    lines: list[list[tuple[str, str, bool]]],
) -> None:
    written = "\n".join(
        "".join(f"<{time}><c>{word}</c>" if tagged else word for time, word, tagged in line)
        for line in lines
    )
    assert without_tags(written) == _TAG.sub("", written.replace("</c>", "").replace("<c>", ""))
