"""Properties over arbitrary input: parsing never raises, rendering never lets script through."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.conftest import messages
from tests.core.html_checks import dangers
from viewer.core.links import LinkResolver, NoteNames, find_wikilinks, parse_wikilink
from viewer.core.note import Note, note_from_bytes, parse_note
from viewer.core.render import NoteRenderer
from viewer.core.sanitize import sanitize
from viewer.core.text import decode
from viewer.core.timecode import (
    MAX_SECONDS,
    format_seconds,
    parse,
    parse_youtube_url,
    resolve,
)
from viewer.core.timeline import NoteTimeline
from viewer.core.video import VideoSource

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path("/notes")

#: Pieces of the syntax the parsers look for, so that examples hit their edge cases.
FRAGMENTS = [
    "[[", "]]", "|", "\\|", "#", "!", ">", "*", "_", "`", "```", "~~~", "\n", "\n\n", " ", "\t",
    "    ", "- ", "1. ", "[^1]", "[^1]: ", "| a | b |\n|---|---|\n", "---\n", "title: ", ":",
    '<a class="yt-timestamp" data-t="', '">', "</a>", "[", "]", "(", ")", "<", "/>", '"', "'",
    "02:43:00", "00:00:33", "1h2m3s", "https://youtu.be/7-3IxVvWoxc?t=", "https://e.com/x.png",
    "javascript:", "data:", "&lt;", "&#", "&#x6A;", ";", "<script>", "</script>", "<img src=x ",
    "onerror=alert(1)", "<svg onload=", "<style>", "<iframe ", "<a href=\"", "../", "%2e%2e/",
    "\\", "\x00", "\r\n", "\ufeff", "<!--", "-->", "<noscript>", "<math>", "<![CDATA[",
]  # fmt: skip
MARKDOWNISH = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=40).map(
    "".join
)
TEXT = st.one_of(st.text(max_size=400), MARKDOWNISH)

RENDERER = NoteRenderer()  # one for all examples, as the app keeps one
FOLDER = LinkResolver([NoteNames("a.md", "A"), NoteNames("sub/b c.md", "B", ("bee",))])


def _is_a_note(note: Note) -> None:
    assert isinstance(note.title, str)
    assert note.title.strip()
    assert isinstance(note.body, str)
    assert all(isinstance(problem, str) and problem for problem in messages(note.problems))
    assert all(isinstance(value, str) for value in note.properties.values())


# --- parsing -------------------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=3000))
def test_decode_never_raises_and_gives_newline_text(data: bytes) -> None:
    decoded = decode(data)
    assert "\r" not in decoded.text
    assert all(isinstance(problem, str) for problem in messages(decoded.problems))


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_note(data: bytes) -> None:
    _is_a_note(note_from_bytes(data, ROOT / "n.md", ROOT))


@FAST
@given(TEXT)
def test_any_text_gives_a_note(text: str) -> None:
    _is_a_note(parse_note(text, ROOT / "n.md", ROOT))


@FAST
@given(TEXT, TEXT)
def test_any_front_matter_gives_a_note(front: str, body: str) -> None:
    _is_a_note(parse_note(f"---\n{front}\n---\n{body}", ROOT / "sub" / "n.md", ROOT))


#: Keys YAML gives back as written (a control character such as NEL is a YAML line break).
KEYS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=10)
VALUES = st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(), st.none(),
                   st.lists(st.text(max_size=5), max_size=3), st.dates())  # fmt: skip


@FAST
@given(st.dictionaries(KEYS, VALUES))
def test_any_yaml_fields_give_a_note(fields: dict[str, object]) -> None:
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\nBody\n"
    note = parse_note(text, ROOT / "n.md", ROOT)
    _is_a_note(note)
    reserved = {"title", "videoId", "video", "aliases", "alias"}
    assert set(note.properties) == {str(key) for key in fields} - reserved


@FAST
@given(st.one_of(st.text(max_size=40), st.text(alphabet="0123456789:.hms ", max_size=16)))
def test_timecode_parse_never_raises_and_stays_in_range(text: str) -> None:
    value = parse(text)
    if value is not None:
        assert 0 <= value.seconds <= MAX_SECONDS
        if value.minutes_reading is not None:
            assert 0 <= value.minutes_reading <= value.seconds


@FAST
@given(st.integers(min_value=0, max_value=int(MAX_SECONDS)))
def test_a_shown_time_parses_back_to_itself(seconds: int) -> None:
    value = parse(format_seconds(seconds))
    assert value is not None
    assert value.seconds == seconds


@FAST
@given(
    st.integers(0, 99), st.integers(0, 59), st.booleans(),
    st.one_of(st.none(), st.floats(min_value=0, max_value=400_000)),
)  # fmt: skip
def test_resolve_picks_a_reading_and_prefers_one_that_fits(
    a: int, b: int, true_hours: bool, duration: float | None
) -> None:
    value = parse(f"{a:02d}:{b:02d}:00")
    assert value is not None
    readings = {value.seconds, value.minutes_reading}
    result = resolve(value, true_hours=true_hours, duration=duration)
    assert result in readings
    if duration and any(reading is not None and reading <= duration for reading in readings):
        assert result <= duration


@FAST
@given(st.one_of(
    st.text(max_size=80),
    st.builds(lambda prefix, rest: prefix + rest,
              st.sampled_from(["https://youtu.be/", "https://www.youtube.com/watch?v=",
                               "https://www.youtube.com/embed/", "http://youtube.com/shorts/",
                               "https://[", "https://youtu.be:99999/"]),
              st.text(max_size=40)),
))  # fmt: skip
def test_parse_youtube_url_never_raises(url: str) -> None:
    link = parse_youtube_url(url)
    if link is not None:
        assert len(link.video_id) == 11
        assert link.start is None or 0 <= link.start <= MAX_SECONDS


@FAST
@given(TEXT)
def test_find_wikilinks_and_timestamps_never_raise(body: str) -> None:
    for link in find_wikilinks(body):
        assert link.target or link.heading
        assert parse_wikilink(link.target or "#x") is not None
    for stamp in NoteTimeline.of_body(body, VideoSource("youtube", "7-3IxVvWoxc")).stamps:
        assert 0 <= stamp.value.seconds <= MAX_SECONDS


@FAST
@given(
    st.lists(st.builds(NoteNames, st.text(max_size=20).map(lambda s: s + ".md"),
                       st.text(max_size=20), st.lists(st.text(max_size=10), max_size=2).map(tuple)),
             max_size=8),
    TEXT,
)  # fmt: skip
def test_link_resolution_only_ever_answers_with_a_note_of_the_folder(
    notes: list[NoteNames], target: str
) -> None:
    found = LinkResolver(notes).resolve(target)
    assert found is None or found in {note.path for note in notes}
    assert LinkResolver(notes).resolve("../" + target) is None


# --- rendering -----------------------------------------------------------------------------------


@FAST
@given(TEXT)
def test_rendering_any_note_never_raises_and_never_lets_script_through(text: str) -> None:
    note = parse_note(text, ROOT / "sub" / "n.md", ROOT)
    rendered = RENDERER.render(note, "sub/n.md", FOLDER.resolve)
    assert rendered.html.startswith('<article class="note">')
    assert dangers(rendered.html) == []
    assert "<script" not in rendered.html.lower()


@FAST
@given(TEXT, st.sampled_from(["7-3IxVvWoxc", "<script>", "https://youtu.be/7-3IxVvWoxc"]))
def test_rendering_with_front_matter_and_a_duration_is_safe(body: str, video: str) -> None:
    text = f"---\ntitle: {body[:30]!r}\nvideoId: {video!r}\n---\n{body}"
    note = parse_note(text, ROOT / "n.md", ROOT)
    rendered = RENDERER.render(note, "n.md", FOLDER.resolve, duration=300.0)
    assert dangers(rendered.html) == []
    assert all(0 <= stamp.seconds <= MAX_SECONDS for stamp in rendered.timestamps)


@FAST
@given(TEXT)
def test_sanitizing_anything_leaves_nothing_dangerous(html: str) -> None:
    assert dangers(sanitize(html)) == []
