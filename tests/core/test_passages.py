"""A note's passages and which timestamp each piece of text belongs to (docs/FORMAT.md)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.conftest import SAMPLE_NOTE
from viewer.core.note import load_note
from viewer.core.passages import Moment, note_passages, passages_of


def ts(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


def sample() -> list:  # type: ignore[type-arg]
    return passages_of(load_note(SAMPLE_NOTE, SAMPLE_NOTE.parent))


def test_the_sample_note_in_passages() -> None:
    passages = sample()
    assert [p.index for p in passages] == list(range(len(passages)))
    assert [p.kind for p in passages] == [
        "paragraph", "paragraph", "heading", "paragraph", "paragraph", "heading", "paragraph",
        "heading", "paragraph", "heading", "paragraph", "paragraph", "paragraph", "paragraph",
    ]  # fmt: skip
    assert passages[0].text == "From: redpointai"
    assert passages[0].section is None and passages[0].moment is None
    assert passages[2].text == "The Dominance of Transformers"
    assert passages[9].text == "Future Outlook on Architectures"  # a wiki link's alias
    assert passages[3].section == "The Dominance of Transformers"
    assert passages[13].section == "Future Outlook on Architectures"
    # Markup and timestamp anchors are gone from the text; the sentence keeps its full stop.
    assert "<" not in "".join(p.text for p in passages)
    assert "for a specified period. He maintains" in passages[3].text
    # Every timestamp of the note is in exactly one passage, in document order.
    labels = [m.label for p in passages for _, m in p.timestamps]
    assert labels[:3] == ["00:00:00", "02:43:00", "02:59:00"]
    assert len(labels) == 22


def test_text_belongs_to_the_first_timestamp_after_it_in_its_passage() -> None:
    passage = sample()[3]
    text = passage.text
    famous = text.index("famous bet")
    confidence = text.index("maintains confidence")
    assert passage.moment_at(famous) == Moment(163.0, "02:43:00")  # 02:43:00 is 2 min 43 s
    assert passage.moment_at(confidence) == Moment(179.0, "02:59:00")
    # Text after a passage's last timestamp belongs to that last one.
    last_at = passage.timestamps[-1][0]
    assert passage.moment_at(last_at + 1) == Moment(179.0, "02:59:00")


def test_a_passage_without_a_timestamp_belongs_to_the_latest_before_it() -> None:
    heading = sample()[5]  # "Historical Context: LSTMs"
    assert heading.timestamps == ()
    assert heading.moment == Moment(205.0, "03:25:00")
    assert heading.moment_at(0) == Moment(205.0, "03:25:00")


def test_the_note_level_convention_decides_three_field_values() -> None:
    # The sample has no 00:B:C with C not 00: 01:00:00 is one minute.
    assert sample()[13].timestamps[0][1] == Moment(60.0, "01:00:00")
    # With a true-hours value in the note, 00:45:00 is 45 minutes.
    passages = note_passages(f"One {ts('00:00:33')}.\n\nTwo {ts('00:45:00')}.\n")
    assert [p.timestamps[0][1].seconds for p in passages] == [33.0, 2700.0]


def test_list_items_quotes_and_table_rows_are_passages() -> None:
    body = "\n".join(
        [
            "# Title",
            "",
            f"- first item {ts('00:10')}",
            "  continued on a second line",
            f"- second item {ts('00:20')}",
            "",
            f"> a quote {ts('00:30')}",
            "> that goes on",
            "",
            "| what | when |",
            "| --- | --- |",
            f"| row one | {ts('00:40')} |",
            "| row two | none |",
            "",
            "```",
            f"code {ts('00:50')}",
            "```",
            "after",
            "===",
        ]
    )
    passages = note_passages(body)
    assert [(p.kind, p.text) for p in passages] == [
        ("heading", "Title"),
        ("item", "first item continued on a second line"),
        ("item", "second item"),
        ("quote", "a quote that goes on"),
        ("row", "what when"),
        ("row", "row one"),
        ("row", "row two none"),
        ("code", f"code {ts('00:50')}"),
        ("heading", "after"),
    ]
    times = [[m.seconds for _, m in p.timestamps] for p in passages]
    assert times == [[], [10.0], [20.0], [30.0], [], [40.0], [], [], []]
    # "continued on a second line" follows the item's timestamp: it belongs to it.
    item = passages[1]
    assert item.moment_at(item.text.index("continued")) == Moment(10.0, "00:10")
    assert passages[6].moment == Moment(40.0, "00:40")  # the row after takes the one before
    assert passages[7].moment == Moment(40.0, "00:40")  # a timestamp in code is only text
    assert [p.line for p in passages] == [0, 2, 4, 6, 9, 11, 12, 14, 17]


def test_links_to_the_notes_own_video_are_timestamps() -> None:
    body = "Watch [here](https://youtu.be/7-3IxVvWoxc?t=163) and more.\n"
    (passage,) = note_passages(body, "7-3IxVvWoxc")
    assert passage.text == "Watch here and more."
    assert passage.timestamps == ((len("Watch here"), Moment(163.0, "163")),)
    (other,) = note_passages(body, "AAAAAAAAAAA")
    assert other.timestamps == ()


def test_an_anchor_in_capitals_is_a_timestamp_as_on_the_page() -> None:
    """HTML names are case-insensitive: the note pane shows <A CLASS='yt-timestamp'> as a
    timestamp, so its passage holds one."""
    (passage,) = note_passages("Said <A CLASS='yt-timestamp' DATA-T='00:05'>[00:05]</A>.\n")
    assert passage.text == "Said."
    assert passage.timestamps == ((4, Moment(5.0, "00:05")),)


def test_text_before_the_first_timestamp_belongs_to_none() -> None:
    passages = note_passages(f"Intro.\n\nThen {ts('01:00')}.\n")
    assert passages[0].moment is None
    assert passages[1].moment == Moment(60.0, "01:00")


_PIECES = st.sampled_from(
    [
        ts("02:43:00"), ts("00:00:33"), ts("bad"), "<a class='yt-timestamp'>[1:00]</a>",
        "[[a|b]]", "[[", "]]", "![x](y)", "[t](https://youtu.be/7-3IxVvWoxc?t=5)", "<br/>",
        "&amp;", "&", "**", "__", "*", "`", "```", "~~~", "\n", "\n\n", "# ", "> ", "- ", "1. ",
        "| a | b |\n| --- | --- |\n", "|", "---", "===", " ", "word", "é", "東京", "\t", "\r",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=5), max_size=40))
def test_any_body_gives_passages_whose_offsets_fall_in_their_text(pieces: list[str]) -> None:
    passages = note_passages("".join(pieces), "7-3IxVvWoxc")
    assert [p.index for p in passages] == list(range(len(passages)))
    for passage in passages:
        assert passage.text == passage.text.strip()
        offsets = [at for at, _ in passage.timestamps]
        assert offsets == sorted(offsets)
        assert all(0 <= at <= len(passage.text) for at in offsets)
        assert passage.text or passage.timestamps
