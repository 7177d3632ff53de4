"""The transcript pane's parts that decide, alone: which file of a note is read, the lines a
cue is drawn in, the quote copied, and the pane with a three-hour transcript (no window, no
Chromium: the end-to-end tests drive it in the real window)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.captions import auto_captions
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QAbstractAnimation, QPoint, Qt
from PySide6.QtGui import QFontMetricsF, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.waits import event_loop_turned, stays
from viewer.app.transcript_pane import TranscriptPane, line_count, quote, wrap
from viewer.app.transcripts import Request, find_transcript
from viewer.core.note import load_note
from viewer.core.timecode import Convention
from viewer.core.transcripts import Cue, Transcript, TranscriptFile, read_transcript


def advance(text: str) -> float:
    """A made-up font: "m" and "w" are wide, "i" and "l" narrow, a space 3."""
    return sum(12.0 if c in "mw" else 3.0 if c in "il " else 7.0 for c in text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("aimlw", min_size=1, max_size=30), min_size=1, max_size=12),
    st.floats(min_value=10.0, max_value=200.0),
)
def test_lines_fit_the_width_and_are_counted_as_they_are_drawn(
    words: list[str], width: float
) -> None:
    lines = wrap(words, width, advance)
    assert line_count(words, width, advance) == len(lines)
    assert "".join(lines).replace(" ", "") == "".join(words)  # every word, in order
    for line in lines:
        # A line is as wide as the width allows, unless it is one character that is wider.
        assert advance(line) <= width or len(line) == 1


def test_a_word_wider_than_a_line_is_broken_between_characters() -> None:
    assert wrap(["a" * 10, "b"], 30.0, advance) == ["aaaa", "aaaa", "aa b"]
    assert wrap([""], 30.0, advance) == [""]


CUES = (
    Cue(9.0, 11.0, "First words\nsaid here."),
    Cue(11.0, 13.0, "More words."),
    Cue(13.0, 15.0, "Not quoted."),
    Cue(3720.0, 3725.0, "An hour later."),
)


@pytest.mark.parametrize(
    ("true_hours", "first", "later"),
    [(True, "00:00:09", "01:02:00"), (False, "00:09:00", "62:00")],
)
def test_a_quote_starts_each_run_of_lines_with_an_anchor_in_the_notes_convention(
    true_hours: bool, first: str, later: str
) -> None:
    assert quote(CUES, [3, 0, 1], Convention(true_hours)) == (
        f'> <a class="yt-timestamp" data-t="{first}">[{first}]</a> '
        "First words said here. More words.\n"
        ">\n"
        f'> <a class="yt-timestamp" data-t="{later}">[{later}]</a> An hour later.'
    )


@pytest.fixture
def youtube_note(tmp_path: Path) -> Path:
    (tmp_path / "subs").mkdir()
    for language in ("en", "ja"):
        (tmp_path / "subs" / f"Talk [AbCdEfGhIjK].{language}.vtt").write_text(
            f"WEBVTT\n\n00:01.000 --> 00:02.000\nSaid in {language}.\n", encoding="utf-8"
        )
    (tmp_path / "subs" / "Other [ZZZZZZZZZZZ].en.vtt").write_text("WEBVTT\n", encoding="utf-8")
    note = tmp_path / "talk.md"
    note.write_text("---\ntitle: Talk\nvideoId: AbCdEfGhIjK\n---\nWords.\n", encoding="utf-8")
    return note


def test_a_youtube_notes_files_are_found_in_the_folder_and_chosen_by_language(
    youtube_note: Path,
) -> None:
    root = youtube_note.parent
    note = load_note(youtube_note, root)
    found = find_transcript(Request(1, note, root, ("ja", "en")))
    assert [file.language for file in found.files] == ["en", "ja"]
    assert found.listing == (
        "subs/Other [ZZZZZZZZZZZ].en.vtt",
        "subs/Talk [AbCdEfGhIjK].en.vtt",
        "subs/Talk [AbCdEfGhIjK].ja.vtt",
    )
    assert found.chosen == found.files[1]
    assert found.transcript is not None and found.transcript.cues[0].text == "Said in ja."
    # The reader's choice by name first; the file on screen, unchanged, is not read again.
    again = find_transcript(
        Request(2, note, root, ("ja",), "Talk [AbCdEfGhIjK].en.vtt", found.listing)
    )
    assert again.chosen == found.files[0] and not again.unchanged
    same = find_transcript(Request(3, note, root, ("ja",), None, found.listing, found.key))
    assert same.unchanged and same.transcript is None and same.chosen == found.chosen


def test_a_note_without_a_video_has_no_transcript_and_the_folder_is_not_listed(
    tmp_path: Path,
) -> None:
    (tmp_path / "plain.md").write_text("# Plain\n", encoding="utf-8")
    found = find_transcript(Request(1, load_note(tmp_path / "plain.md", tmp_path), tmp_path, ()))
    assert (found.files, found.chosen, found.listing, found.problems) == ((), None, None, ())


@pytest.fixture
def long_transcript(tmp_path: Path) -> Transcript:
    vtt = tmp_path / "long.en.vtt"
    vtt.write_text(auto_captions(3 * 3600), encoding="utf-8")
    return read_transcript(vtt, "en")


def test_a_three_hour_transcript_opens_at_the_cue_said_and_follows_the_time(
    qtbot: QtBot, long_transcript: Transcript
) -> None:
    pane = TranscriptPane()
    qtbot.addWidget(pane)
    pane.resize(520, 300)
    pane.show()
    qtbot.waitExposed(pane)
    pane.set_transcript(long_transcript, [TranscriptFile(long_transcript.file or Path())], 0, 9000)
    now = long_transcript.latest_at(9000)
    assert len(long_transcript.cues) > 2000  # about 10,000 rolling cues, read as speech
    assert now is not None and pane.model.now == now
    # Laid out a batch of rows at a time, the list comes to the cue once it has reached it.
    qtbot.waitUntil(lambda: pane.is_in_view(now))
    # Each row is as high as the lines it is drawn in.
    spacing = QFontMetricsF(pane.list.font()).lineSpacing()
    for row in (0, now, len(long_transcript.cues) - 1):
        height = pane.list.visualRect(pane.model.index(row)).height()
        lines = pane.delegate.lines(row)
        assert height == round(2 * pane.delegate.PAD_Y + len(lines) * spacing)
        assert " ".join(lines) == " ".join(long_transcript.cues[row].text.split())
    # Playing on: the next cue is highlighted and glided to.
    later = long_transcript.cues[now + 40].start + 0.01
    pane.show_time(later, playing=True, follow=True)
    assert pane.model.now == now + 40
    qtbot.waitUntil(lambda: pane.is_in_view(now + 40))
    qtbot.waitUntil(lambda: pane.glide.state() != QAbstractAnimation.State.Running)
    # Paused, a later cue is highlighted where it is: the reader's place is left alone.
    top = pane.list.verticalScrollBar().value()
    pane.show_time(long_transcript.cues[now + 200].start + 0.01, playing=False)
    assert pane.model.now == now + 200
    stays(qtbot, lambda: pane.list.verticalScrollBar().value() == top, after=event_loop_turned())


def test_a_wheel_turn_on_the_list_pauses_following(qtbot: QtBot) -> None:
    cues = tuple(Cue(float(n), n + 1.0, f"Line {n}") for n in range(200))
    pane = TranscriptPane()
    qtbot.addWidget(pane)
    pane.resize(400, 200)
    pane.show()
    pane.set_transcript(Transcript(cues, file=Path("a.vtt")), [], 0.0, 100.0)
    assert pane.following
    viewport = pane.list.viewport()
    centre = viewport.rect().center().toPointF()
    wheel = QWheelEvent(
        centre, viewport.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, wheel)
    assert not pane.following
