"""Each passage's id on its block of the rendered note (``data-passage="N"``): what the search
panel marks a hit by, and what a note cannot forge."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.conftest import SAMPLE_NOTE, must_finish_within
from tests.core.html_checks import Element, parse_html
from tests.core.test_passages import _PIECES
from viewer.core.note import load_note, parse_note
from viewer.core.passage_blocks import letters
from viewer.core.passages import Passage, passages_of
from viewer.core.render import NoteRenderer
from viewer.core.sanitize import sanitize, sanitize_with_passage_ids

ROOT = Path("/notes")
WITH_VIDEO = "---\nvideoId: 7-3IxVvWoxc\n---\n"


def ts(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


def rendered(renderer: NoteRenderer, text: str) -> tuple[list[Passage], list[Element]]:
    """The note's passages, and the elements of its page that carry an id, in page order."""
    note = parse_note(text, ROOT / "note.md", ROOT)
    html = renderer.render(note, "note.md", lambda _target: None).html
    return passages_of(note), [e for e in parse_html(html).elements if "data-passage" in e.attrs]


def ids(elements: list[Element]) -> list[int]:
    return [int(element.attrs["data-passage"]) for element in elements]


def seeks(element: Element, html_elements: list[Element]) -> list[str]:
    return [e.attrs["href"] for e in html_elements if e.tag == "a" and e.text in element.text]


def test_a_sentence_said_twice_has_each_copy_under_its_own_id(renderer: NoteRenderer) -> None:
    text = (
        f"{WITH_VIDEO}\nThe clock strikes twelve and the pattern turns {ts('00:05')}.\n\n"
        f"Something else is said here {ts('00:30')}.\n\n"
        f"The clock strikes twelve and the pattern turns {ts('01:09')}.\n"
    )
    passages, blocks = rendered(renderer, text)
    assert [(p.index, p.moment.seconds if p.moment else None) for p in passages] == [
        (0, 5.0),
        (1, 30.0),
        (2, 69.0),
    ]
    assert ids(blocks) == [0, 1, 2]
    assert [block.tag for block in blocks] == ["p", "p", "p"]
    # Each id is on the copy whose timestamp is the passage's: read from the page itself.
    note = parse_note(text, ROOT / "note.md", ROOT)
    page = renderer.render(note, "note.md", lambda _target: None).html
    for passage_id, seconds in ((0, 5), (2, 69)):
        block = re.search(rf'<p data-passage="{passage_id}">(.*?)</p>', page)
        assert block is not None
        assert re.findall(r'href="seek:([0-9.]+)"', block.group(1)) == [str(seconds)]


def test_every_kind_of_passage_gets_its_block(renderer: NoteRenderer) -> None:
    text = "\n".join(
        [
            "---",
            "title: Every kind",
            "---",
            "# Title of a section",
            "",
            f"- first item {ts('00:10')}",
            "  continued on a second line",
            "- second item",
            "    - nested item",
            "",
            "- loose item",
            "",
            "    its second paragraph",
            "",
            f"> a quote {ts('00:30')}",
            "> that goes on",
            "",
            "| what | when |",
            "| --- | --- |",
            f"| row one | {ts('00:40')} |",
            "",
            "```",
            "code here",
            "```",
            "",
            "A claim[^source].",
            "",
            "[^source]: Where it comes from.",
            "",
            "Under a line",
            "------------",
        ]
    )
    passages, blocks = rendered(renderer, text)
    assert [(p.index, p.kind, p.text) for p in passages] == [
        (0, "heading", "Title of a section"),
        (1, "item", "first item continued on a second line"),
        (2, "item", "second item"),
        (3, "item", "nested item"),
        (4, "item", "loose item"),
        (5, "paragraph", "its second paragraph"),
        (6, "quote", "a quote that goes on"),
        (7, "row", "what when"),
        (8, "row", "row one"),
        (9, "code", "code here"),
        (10, "paragraph", "A claim[^source]."),
        (11, "paragraph", "Where it comes from."),
        (12, "heading", "Under a line"),
    ]
    # The footnote is listed at the end of the page: its id comes last there.
    assert [(block.tag, int(block.attrs["data-passage"])) for block in blocks] == [
        ("h1", 0),
        ("li", 1),
        ("li", 2),
        ("li", 3),
        ("li", 4),
        ("p", 5),
        ("blockquote", 6),
        ("tr", 7),
        ("tr", 8),
        ("pre", 9),
        ("p", 10),
        ("h2", 12),
        ("li", 11),
    ]
    by_id = {int(block.attrs["data-passage"]): block for block in blocks}
    assert letters(by_id[4].text) == "looseitemitssecondparagraph"  # the whole item: its 2nd
    assert letters(by_id[2].text) == "seconditemnesteditem"  # paragraph and its nested list
    assert by_id[11].attrs["id"] == "fn:source"


def test_a_block_the_two_readings_disagree_on_gets_no_id_and_the_rest_keep_theirs(
    renderer: NoteRenderer,
) -> None:
    # The line reader takes "![a picture](pic.png)" for the text "a picture"; the page shows
    # an image there. The passages after it still find their blocks.
    text = "First words.\n\n![a picture](pic.png)\n\nLast words.\n"
    passages, blocks = rendered(renderer, text)
    assert [p.text for p in passages] == ["First words.", "a picture", "Last words."]
    assert [(block.text, ids([block])) for block in blocks] == [
        ("First words.", [0]),
        ("Last words.", [2]),
    ]


def test_thousands_of_passages_without_a_block_are_passed_over_quickly(
    renderer: NoteRenderer,
) -> None:
    # Every other passage is an image, which the page does not lay out as text: the sentence
    # passages still find their blocks, without an alignment quadratic in the note's length.
    text = "".join(f"Words number {n}.\n\n![picture {n}](p{n}.png)\n\n" for n in range(3000))
    with must_finish_within(20):
        passages, blocks = rendered(renderer, text)
    assert len(passages) == 6000
    assert ids(blocks) == list(range(0, 6000, 2))
    assert [block.text for block in blocks[:2]] == ["Words number 0.", "Words number 1."]


def test_a_note_cannot_write_an_id_of_its_own(renderer: NoteRenderer) -> None:
    text = (
        '<p data-passage="2">Forged, with the id of the last passage.</p>\n\n'
        'A paragraph <span data-passage="0">with a forged span</span> in it.\n\n'
        "<div DATA-PASSAGE='1'>A forged div in capitals</div>\n\n"
        '<p data-passage="1" data-passage="7">Twice</p>\n\n'
        "<p data-passage=1 onclick=x>Unquoted</p>\n"
    )
    passages, blocks = rendered(renderer, text)
    # Only the renderer's ids are on the page: one per passage it found a block for, each on
    # the block with that passage's words, none on the note's span or div.
    by_id = {int(block.attrs["data-passage"]): block for block in blocks}
    assert len(by_id) == len(blocks)
    assert ids(blocks) == sorted(by_id)
    for passage_id, block in by_id.items():
        assert letters(block.text) == letters(passages[passage_id].text)
    assert [(block.tag, block.text) for block in blocks] == [
        ("p", "Forged, with the id of the last passage."),
        ("p", "A paragraph with a forged span in it."),
        ("p", "Twice"),
        ("p", "Unquoted"),
    ]
    assert ids(blocks) == [0, 1, 3, 4]


def test_the_sanitizer_keeps_only_its_own_digits() -> None:
    forged = '<p data-passage="3">a</p><span data-passage="4">b</span>'
    assert sanitize(forged) == "<p>a</p><span>b</span>"
    # After the first pass, the renderer's ids pass the second on passage blocks only,
    # and only as digits.
    assert sanitize_with_passage_ids('<p data-passage="3">a</p>') == '<p data-passage="3">a</p>'
    assert sanitize_with_passage_ids('<span data-passage="4">b</span>') == "<span>b</span>"
    for value in ("3 x", "-1", "x", "", "1" * 10, "３"):
        assert sanitize_with_passage_ids(f'<p data-passage="{value}">a</p>') == "<p>a</p>"


def test_the_sample_note_has_every_passage_on_its_block(renderer: NoteRenderer) -> None:
    note = load_note(SAMPLE_NOTE, SAMPLE_NOTE.parent)
    html = renderer.render(note, SAMPLE_NOTE.name, lambda _target: None).html
    blocks = [e for e in parse_html(html).elements if "data-passage" in e.attrs]
    passages = passages_of(note)
    assert ids(blocks) == [p.index for p in passages]
    for block, passage in zip(blocks, passages, strict=True):
        shown = re.sub(r"\d+:\d\d", "", block.text)  # the timestamps as the page shows them
        assert letters(shown) == letters(passage.text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=5), max_size=40))
def test_any_note_gets_ids_of_its_passages_once_each_in_order(pieces: list[str]) -> None:
    text = WITH_VIDEO + "".join(pieces)
    note = parse_note(text, ROOT / "note.md", ROOT)
    html = NoteRenderer().render(note, "note.md", lambda _target: None).html
    found = [int(i) for i in re.findall(r'data-passage="([0-9]+)"', html)]
    assert len(set(found)) == len(found)
    assert set(found) <= {passage.index for passage in passages_of(note)}
