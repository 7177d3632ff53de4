"""Rolling auto-captions read as speech: each word said once, in short timed segments."""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.captions import rolling_captions, spoken_lines, timestamp
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.transcripts import Cue, parse_transcript
from viewer.core.transcripts.speech import FEW_WORDS, MOST_WORDS, PAUSE

# As yt-dlp writes YouTube's auto-captions (shared/TRANSCRIPTS.md).
ROLLING = (Path(__file__).parent / "data" / "transcripts" / "rolling.en.vtt").read_text(
    encoding="utf-8"
)


def words_of(cues: tuple[Cue, ...]) -> list[str]:
    return " ".join(cue.text for cue in cues).split()


def test_each_word_is_said_once_and_segments_start_when_their_first_word_was_said() -> None:
    read = parse_transcript(ROLLING)
    assert read.problems == ()
    said = "so today we're going to talk about the router [Music]"
    assert words_of(read.cues) == said.split(" ")
    # A pause of more than 1.2 s after "router" (3.36 s) before "[Music]" (7.5 s).
    assert read.cues == (
        Cue(0.0, 7.5, "so today we're going to talk about the router"),  # until the next
        Cue(7.5, 9.0, "[Music]"),
    )


def test_the_class_of_the_c_tag_and_character_references_do_not_matter() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n \n"
        "salt<00:00:01.500><c.colorE5E5E5> &amp;</c><00:00:02.000><c.colorCCCCCC> pepper</c>\n"
    )
    assert parse_transcript(text).cues == (Cue(1.0, 3.0, "salt & pepper"),)


def captions(lines: list[list[tuple[float, str]]]) -> str:
    return rolling_captions(lines)


def test_ten_minutes_of_auto_captions_give_back_every_word_said_in_order() -> None:
    lines = list(spoken_lines(600, seed=3))
    read = parse_transcript(captions(lines))
    said = [word for line in lines for _at, word in line]
    assert words_of(read.cues) == said
    # Each segment starts when its first word was said, the segments in time order.
    times = {round(at, 3) for line in lines for at, _word in line}
    assert all(round(cue.start, 3) in times for cue in read.cues)
    assert [cue.start for cue in read.cues] == sorted(cue.start for cue in read.cues)
    assert all(cue.end >= cue.start for cue in read.cues)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000))
def test_segments_are_short_and_break_at_pauses(seed: int) -> None:
    rng = random.Random(seed)
    lines: list[list[tuple[float, str]]] = []
    now = 0.5
    for number in range(rng.randint(1, 30)):
        line = []
        # The first line has two words or more: a file without inline times is not rolling.
        for _word in range(rng.randint(2 if number == 0 else 1, 9)):
            line.append((now, rng.choice(["one", "two", "three", "four"])))
            now += rng.uniform(0.1, 0.5)
        lines.append(line)
        now += rng.choice([0.0, 0.0, 0.5, 1.5, 4.0])
    read = parse_transcript(captions(lines))
    assert words_of(read.cues) == [word for line in lines for _at, word in line]
    starts = [cue.start for cue in read.cues]
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1][0][0]
        if following - line[-1][0] > PAUSE:  # a pause: the next line starts a segment
            assert round(following, 3) in {round(start, 3) for start in starts}
    for cue in read.cues:
        size = len(cue.text.split())
        longest_line = max(len(line) for line in lines)
        assert size <= max(MOST_WORDS, longest_line)
        if cue is not read.cues[-1]:
            assert size >= 1


def test_segments_end_at_a_sentence_where_the_captions_have_punctuation() -> None:
    said = "Welcome back. Today we test brakes. Ready? Let's go"
    words = said.split()
    lines = [
        [(1.0 + 0.3 * index, word) for index, word in enumerate(words[:5])],
        [(2.5 + 0.3 * index, word) for index, word in enumerate(words[5:])],
    ]
    read = parse_transcript(captions(lines))
    assert [cue.text for cue in read.cues] == [
        "Welcome back.",
        "Today we test brakes.",
        "Ready?",
        "Let's go",
    ]
    assert [cue.start for cue in read.cues] == [1.0, 1.6, 2.8, 3.1]


def test_long_unpunctuated_speech_is_cut_into_a_dozen_words_or_more() -> None:
    lines = []
    now = 0.0
    for _line in range(20):
        line = []
        for _word in range(6):
            line.append((now, "word"))
            now += 0.3
        lines.append(line)
    read = parse_transcript(captions(lines))
    sizes = [len(cue.text.split()) for cue in read.cues]
    assert sum(sizes) == 120
    assert all(FEW_WORDS <= size <= MOST_WORDS for size in sizes)


def test_other_files_pass_through_as_their_cues() -> None:
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nOne line\nand its second\n\n00:03.000 --> 00:04.000\n"
    )
    read = parse_transcript(text)
    assert read.cues == (Cue(1.0, 2.0, "One line\nand its second"),)  # no text: not said


def test_a_timestamp_helper_writes_what_yt_dlp_writes() -> None:
    assert timestamp(3723.5) == "01:02:03.500"


def test_an_unclosed_tag_in_one_line_of_words_leaves_the_next_line_alone() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n \n"
        "a<00:00:01.500><c> <b</c>\n\n"
        "00:00:02.000 --> 00:00:03.000\na <b\n"
        "next<00:00:02.500><c> line</c>\n"
    )
    assert words_of(parse_transcript(text).cues) == ["a", "next", "line"]
