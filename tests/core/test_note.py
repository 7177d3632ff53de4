"""Notes: front matter, title fallbacks, aliases, properties, and files that are not fine."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core.conftest import SAMPLE_NOTE, WriteNote, messages, must_finish_within
from viewer.core.front_matter import read_front_matter
from viewer.core.note import Note, load_note, parse_note, readable_stem
from viewer.core.problems import Kind, Problem
from viewer.core.text import MAX_NOTE_BYTES
from viewer.core.video import VideoSource

ROOT = Path("/notes")


def note_of(text: str, name: str = "some_note.md") -> Note:
    return parse_note(text, ROOT / name, ROOT)


def front(yaml: str, body: str = "Body.\n") -> str:
    return f"---\n{yaml}\n---\n{body}"


# --- the sample ----------------------------------------------------------------------------


def test_the_sample_note_loads_with_title_video_and_no_problem() -> None:
    note = load_note(SAMPLE_NOTE)
    assert note.title == "Model architectures in AI"
    assert note.video == VideoSource("youtube", "7-3IxVvWoxc")
    assert messages(note.problems) == []
    assert note.properties == {}
    assert note.body.startswith("\nFrom: [[redpointai]]")
    assert "videoId" not in note.body


# --- title ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (front("title: Model architectures in AI"), "Model architectures in AI"),
        (front("title: '  padded  '"), "padded"),
        (front("title: 2024"), "2024"),
        (front("title: 3.5"), "3.5"),
        (front("speaker: x", "# First heading\n\n# Second heading\n"), "First heading"),
        ("intro\n\n# Closed heading ##\n", "Closed heading"),
        ("#   Spaced   \t\n", "Spaced"),
        ("## Only a subheading\n", "Some note"),
        ("#NoSpace is not a heading\n", "Some note"),
        ("plain text\n", "Some note"),
        (front("title:"), "Some note"),
        ("", "Some note"),
    ],
)
def test_title_then_first_heading_then_readable_file_name(text: str, title: str) -> None:
    note = note_of(text)
    assert note.title == title


@pytest.mark.parametrize(
    ("name", "readable"),
    [
        ("model_architectures_in_ai.md", "Model architectures in ai"),
        ("people/Jonathan Frankle.md", "Jonathan Frankle"),
        ("__odd__name__.md", "Odd name"),
        ("x.md", "X"),
        ("__.md", "__.md"),
    ],
)
def test_readable_file_name(name: str, readable: str) -> None:
    assert readable_stem(Path(name)) == readable


@pytest.mark.parametrize(
    "yaml", ["title: [a, b]", "title: {a: 1}", "title: true", "title: 2024-01-31"]
)
def test_a_title_that_is_not_text_is_reported_and_the_fallback_used(yaml: str) -> None:
    note = note_of(front(yaml, "# Heading\n"))
    assert note.title == "Heading"
    assert messages(note.problems) == ["The title in the front matter is not text; it is ignored."]


def test_an_empty_title_falls_back_without_calling_it_not_text() -> None:
    note = note_of(front('title: "  "', "# Heading\n"))
    assert note.title == "Heading"
    assert messages(note.problems) == []


def test_a_huge_heading_line_does_not_hang() -> None:
    # A lazy group before a greedy tail made this quadratic: minutes for a 300 kB line.
    text = "# a" + " " * 300_000 + "b\n"
    with must_finish_within(10):
        note = note_of(text)
    assert note.title == "a" + " " * 300_000 + "b"


# --- aliases and properties ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml", "aliases"),
    [
        ("aliases: [JF, Frankle]", ("JF", "Frankle")),
        ("aliases:\n  - JF\n  - ' Frankle '\n  -\n  - ''", ("JF", "Frankle")),
        ("aliases: Jonathan", ("Jonathan",)),
        ("aliases: [1999, 2.5]", ("1999", "2.5")),
        ("alias: Single", ("Single",)),
        ("aliases:", ()),
        ("speaker: x", ()),
    ],
)
def test_aliases_as_a_list_or_one_string(yaml: str, aliases: tuple[str, ...]) -> None:
    note = note_of(front(yaml))
    assert note.aliases == aliases
    assert messages(note.problems) == []
    assert "aliases" not in note.properties
    assert "alias" not in note.properties


@pytest.mark.parametrize("yaml", ["aliases: {a: b}", "aliases: 5", "aliases: true"])
def test_aliases_of_another_shape_are_reported(yaml: str) -> None:
    note = note_of(front(yaml))
    assert note.aliases == ()
    assert messages(note.problems) == ["'aliases' should be a list of names; it is ignored."]


def test_other_keys_are_kept_as_properties_in_order_as_text() -> None:
    yaml = (
        "title: T\nvideoId: 7-3IxVvWoxc\nspeaker: Jonathan Frankle\ntags: [ai, talks]\n"
        "date: 2024-10-01\nduration: 3600\nempty:\npublished: true\n"
        "guest: {name: J, role: CAIS}\n42: answer"
    )
    note = note_of(front(yaml))
    assert note.properties == {
        "speaker": "Jonathan Frankle",
        "tags": "ai, talks",
        "date": "2024-10-01",
        "duration": "3600",
        "empty": "",
        "published": "True",
        "guest": "name: J, role: CAIS",
        "42": "answer",
    }
    assert list(note.properties) == ["speaker", "tags", "date", "duration", "empty",
                                     "published", "guest", "42"]  # fmt: skip
    assert messages(note.problems) == []


def test_long_property_values_are_cut() -> None:
    note = note_of(front(f"summary: {'word ' * 400}\nmany: [{', '.join(['x'] * 500)}]"))
    assert len(note.properties["summary"]) == 500
    assert note.properties["summary"].endswith("…")
    assert len(note.properties["many"]) <= 500


@pytest.mark.parametrize(
    "yaml",
    [
        "a: &a [*a]",  # a list that contains itself
        "a: &a {b: *a}",
        "a: &x [1, 2]\nb: &y [*x, *x, *x, *x, *x, *x, *x, *x]\nc: [*y, *y, *y, *y, *y, *y, *y]",
    ],
)
def test_self_referencing_and_aliased_values_stay_small(yaml: str) -> None:
    note = note_of(front(yaml))
    assert all(len(value) <= 500 for value in note.properties.values())


# --- front matter that is not a set of fields ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (front("title: [unclosed"), "The front matter is not valid YAML (line 2); its"),
        (front("title: T\ntitle: [unclosed"), "The front matter is not valid YAML (line 3); its"),
        (front("title: a\n  bad: indent"), "The front matter is not valid YAML (line 3); its"),
        (front("\n\nkey: @reserved"), "The front matter is not valid YAML (line 4); its"),
        (front("? [a, b]\n: unhashable key"), "The front matter is not valid YAML"),
        (front("!!python/object:os.system {}"), "The front matter is not valid YAML"),
        (front("- a\n- list"), "The front matter is a list, not a set of fields; it is ignored."),
        (front("42"), "The front matter is a number, not a set of fields; it is ignored."),
        (front("just a sentence"), "The front matter is a piece of text, not a set of fields"),
        ("---\ntitle: never closed\n\nBody text\n", "The front matter has no closing '---' line"),
    ],
)
def test_broken_front_matter_is_reported_and_the_body_shown(text: str, problem: str) -> None:
    note = note_of(text)
    assert note.title == "Some note"
    assert len(note.problems) == 1
    assert note.problems[0].message.startswith(problem)
    assert note.problems[0].is_error
    assert note.video is None
    assert note.properties == {}


# --- salvage: the readable lines of broken front matter are kept -----------------------------


def test_a_broken_title_line_is_ignored_and_the_video_still_plays() -> None:
    note = note_of(front("title: [unclosed\nvideoId: 7-3IxVvWoxc\nspeaker: Ines", "# Heading\n"))
    assert note.video == VideoSource("youtube", "7-3IxVvWoxc")
    assert note.title == "Heading"
    assert note.properties == {"speaker": "Ines"}
    assert note.problems == (
        Problem(
            Kind.FRONT_MATTER_LINE,
            "The front matter line “title: [unclosed” is not valid YAML; it is ignored.",
            2,
        ),
    )
    assert note.problems[0].is_error


@pytest.mark.parametrize(
    ("yaml", "fields", "ignored"),
    [
        ("title: T\nkey: @reserved", {"title": "T"}, [3]),
        ('title: "unclosed\nvideo: clip.webm\naliases: [A, B]', {"video": "clip.webm",
                                                                 "aliases": ["A", "B"]}, [2]),
        ("title: Kept\n\tbad tab: x\nvideoId: 7-3IxVvWoxc", {"videoId": "7-3IxVvWoxc"}, [2]),
        ("title: Kept\nnot a field\nalias: X", {"title": "Kept", "alias": "X"}, [3]),
        ("aliases:\n  - One\n  - Two\nbroken: ]\nvideoId: x", {"aliases": ["One", "Two"],
                                                             "videoId": "x"}, [5]),
        ("title: First\ntitle: [broken\nx: y", {"x": "y"}, [3]),  # the later line wins: no title
        ("a: &x 1\nb: *x\nc: [", {"a": 1}, [3, 4]),  # an alias read alone refers to nothing
    ],
)  # fmt: skip
def test_salvage_keeps_every_entry_that_reads_and_names_each_ignored_line(
    yaml: str, fields: dict[str, object], ignored: list[int]
) -> None:
    front_matter = read_front_matter(front(yaml))
    assert front_matter.fields == fields
    assert [problem.line for problem in front_matter.problems] == ignored
    assert all(problem.kind is Kind.FRONT_MATTER_LINE for problem in front_matter.problems)
    assert front_matter.body == "\nBody.\n"


def test_a_line_of_plain_text_in_broken_front_matter_is_named_as_no_field() -> None:
    front_matter = read_front_matter(front("title: T\njust some words\nvideo: [x"))
    assert front_matter.fields == {"title": "T"}
    assert [problem.message for problem in front_matter.problems] == [
        "The front matter line “just some words” is not a 'key: value' field; it is ignored.",
        "The front matter line “video: [x” is not valid YAML; it is ignored.",
    ]


def test_a_quoted_value_over_several_lines_is_read_whole_not_as_keys() -> None:
    # PyYAML lets a quoted scalar go on at the start of the next lines: "b: c" is in the title.
    front_matter = read_front_matter(front('title: "one\nb: c"\nbroken: [\nvideo: v.webm'))
    assert front_matter.fields == {"title": "one b: c", "video": "v.webm"}
    assert [problem.line for problem in front_matter.problems] == [4]


def test_a_body_after_broken_yaml_is_still_the_body() -> None:
    note = note_of(front("title: [unclosed", "# Real heading\n\nText.\n\n# Another\n"))
    assert note.title == "Real heading"
    assert note.body.strip() == "Text.\n\n# Another"  # the title is not said twice


@pytest.mark.parametrize(
    ("yaml", "key", "shown"),
    [
        ("date: 2024-02-30", "date", "2024-02-30"),  # no such day
        ("date: 2024-13-01", "date", "2024-13-01"),
        ("when: 2024-01-01 25:61:00", "when", "2024-01-01 25:61:00"),
        ("big: " + "9" * 5000, "big", "9" * 499 + "…"),  # too many digits for int()
        ("big: 0x" + "f" * 5000, "big", "0x" + "f" * 497 + "…"),  # an int too long to print
        ("big: 0b" + "1" * 20000, "big", "0b" + "1" * 497 + "…"),
        ("big: 1" + ":59" * 4000, "big", ("1" + ":59" * 4000)[:499] + "…"),  # base 60
    ],
)
def test_values_yaml_cannot_convert_are_kept_as_written(yaml: str, key: str, shown: str) -> None:
    note = note_of(front(f"title: Kept\n{yaml}"))
    assert note.title == "Kept"
    assert note.properties[key] == shown
    assert messages(note.problems) == []


def test_a_title_yaml_reads_as_a_huge_number_is_still_shown() -> None:
    note = note_of(front("title: 0x" + "f" * 5000))
    assert note.title.startswith("0xfff")
    assert messages(note.problems) == []


@pytest.mark.parametrize(
    "text",
    [
        "No front matter at all.\n",
        "\n---\ntitle: not at the top\n---\n",
        "Text\n\n---\n\nA rule, not front matter.\n",
    ],
)
def test_without_front_matter_the_whole_text_is_the_body(text: str) -> None:
    note = note_of(text)
    assert note.body == text
    assert messages(note.problems) == []


def test_front_matter_gives_fields_body_lines_and_no_problem() -> None:
    front_matter = read_front_matter("---\ntitle: T\n\nn: 1\n---\nBody\n")
    assert front_matter.fields == {"title": "T", "n": 1}
    assert front_matter.body.strip() == "Body"
    assert front_matter.problems == []
    assert [front_matter.line_of(key) for key in ("title", "n", "other")] == [2, 4, None]
    assert front_matter.body_line == 5  # the body starts on the closing line's end


def test_empty_front_matter_is_no_fields_and_no_problem() -> None:
    front_matter = read_front_matter("---\n---\nBody\n")
    assert (front_matter.fields, front_matter.body.strip(), front_matter.problems) == (
        {},
        "Body",
        [],
    )


# --- files on disk --------------------------------------------------------------------------

SAMPLE_FRONT = b"---\ntitle: T\nvideoId: 7-3IxVvWoxc\n---\n# H\n\nbody\n"


@pytest.mark.parametrize(
    ("data", "title", "problems"),
    [
        (SAMPLE_FRONT, "T", []),
        (codecs.BOM_UTF8 + SAMPLE_FRONT, "T", []),
        (SAMPLE_FRONT.replace(b"\n", b"\r\n"), "T", []),
        (codecs.BOM_UTF8 + SAMPLE_FRONT.replace(b"\n", b"\r\n"), "T", []),
        (codecs.BOM_UTF16_LE + SAMPLE_FRONT.decode().encode("utf-16-le"), "T", []),
        (SAMPLE_FRONT.replace(b"body", b"caf\xe9"), "T", ["read as Windows-1252"]),
        (b"---\ntitle: caf\xe9\n---\n", "caf\xe9", ["read as Windows-1252"]),
        (
            "---\ntitle: caf\xe9 \u2014 ok\n---\n\xe9".encode() + b"\xe9",
            "caf\xe9 \u2014 ok",
            ["not valid UTF-8"],
        ),
        (b"", "Odd file", ["The file is empty."]),
        (b"\x00\x01\x02\x03junk\x00", "Odd file", ["not text"]),
        (b"---\n- a\n- b\n---\nx", "Odd file", ["is a list"]),
        (b"---\n3.5\n---\nx", "Odd file", ["is a number"]),
        (b"---\ntitle: [broken\n---\n# Shown\n", "Shown", ["not valid YAML"]),
    ],
)
def test_every_file_gives_a_note_and_says_what_was_wrong(
    write: WriteNote, notes_dir: Path, data: bytes, title: str, problems: list[str]
) -> None:
    path = write("odd_file.md", data)
    note = load_note(path, notes_dir)
    assert note.title == title
    assert len(note.problems) == len(problems)
    for found, expected in zip(note.problems, problems, strict=True):
        assert expected in found.message
        assert "Traceback" not in found.message
    if not problems:
        assert note.video == VideoSource("youtube", "7-3IxVvWoxc")
        assert "\r" not in note.body


def test_a_huge_file_is_truncated_with_a_problem(write: WriteNote, notes_dir: Path) -> None:
    line = "Some text with a [[link]] in it.\n"
    path = write("huge.md", "---\ntitle: Huge\n---\n" + line * (MAX_NOTE_BYTES // len(line) + 100))
    note = load_note(path, notes_dir)
    assert note.title == "Huge"
    assert len(note.body.encode()) < MAX_NOTE_BYTES
    assert note.body.endswith(line.rstrip("\n"))
    assert messages(note.problems) == ["The note is 1.0 MB; only its first 1 MB is shown."]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: path.mkdir(), "Is a directory"),
        (lambda path: path.symlink_to(path.parent / "nowhere.md"), "No such file"),
        (lambda path: None, "No such file"),  # vanished
    ],
)
def test_a_file_that_cannot_be_read_is_a_note_with_a_problem(
    notes_dir: Path, make: Callable[[Path], None], reason: str
) -> None:
    path = notes_dir / "gone_away.md"
    make(path)
    note = load_note(path, notes_dir)
    assert note.title == "Gone away"
    assert note.body == ""
    assert len(note.problems) == 1
    assert note.problems[0].message.startswith("The file cannot be read: ")
    assert reason in note.problems[0].message


def test_a_note_through_a_link_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret\n---\nsecret body")
    (root / "door.md").symlink_to(outside / "secret.md")
    note = load_note(root / "door.md", root)
    assert note.body == ""
    assert note.title == "Door"
    assert "outside the notes folder" in note.problems[0].message


def test_a_note_that_is_not_below_the_root_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b.md").write_text("secret")
    note = load_note(tmp_path / "b.md", tmp_path / "a")
    assert note.body == ""
    assert "outside the notes folder" in note.problems[0].message


def test_load_note_defaults_the_root_to_the_notes_folder(write: WriteNote) -> None:
    path = write("sub/a.md", "---\nvideo: clip.webm\n---\n")
    write("sub/clip.webm", b"\x1aE\xdf\xa3")
    assert load_note(path).video == VideoSource("file", str(path.parent.resolve() / "clip.webm"))


def test_a_heading_inside_a_code_block_is_not_the_title() -> None:
    text = "```bash\n# install it\npip install viewer\n```\n\n# Real heading\n"
    assert parse_note(text, Path("/n/setup_notes.md")).title == "Real heading"


# --- problems as values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml", "message", "line"),
    [
        ("videoId: nope", "videoId 'nope' is not a YouTube video id", 3),
        ("video: media/missing.webm", "The video file 'media/missing.webm' does not exist.", 3),
        ("video: ../outside.webm", "The video file is refused: ", 3),
        ("video: ftp://host/a.webm", "is not http(s) or a file; it is ignored.", 3),
    ],
)
def test_the_note_says_what_is_wrong_with_its_video_field(
    write: WriteNote, notes_dir: Path, yaml: str, message: str, line: int
) -> None:
    note = load_note(write("n.md", f"---\ntitle: N\n{yaml}\n---\nBody\n"), notes_dir)
    assert note.video is None
    assert note.video_problem is not None
    assert message in note.video_problem.message
    assert (note.video_problem.kind, note.video_problem.line) == (Kind.VIDEO, line)
    assert note.video_problem.is_error
    assert note.problems == (note.video_problem,)


def test_a_note_with_a_working_video_or_none_has_no_video_problem(
    write: WriteNote, notes_dir: Path
) -> None:
    write("clip.webm", b"\x1aE\xdf\xa3")
    fallback = "---\nvideoId: nope\nvideo: clip.webm\n---\n"  # the id is wrong, the file plays
    assert load_note(write("a.md", fallback), notes_dir).video_problem is None
    assert load_note(write("b.md", "# No video\n"), notes_dir).video_problem is None


def test_problems_are_frozen_values_whose_kind_decides_the_severity() -> None:
    problem = Problem(Kind.MISSING_NOTE, "The link [[x]] matches no note in this folder.", 4)
    assert (problem.severity.value, problem.is_error, str(problem)) == (
        "warning",
        False,
        "The link [[x]] matches no note in this folder.",
    )
    with pytest.raises(AttributeError):
        problem.line = 5  # type: ignore[misc]
    warnings = {kind.value for kind in Kind if kind.severity.value == "warning"}
    assert warnings == {
        "encoding-guessed", "empty", "missing-note", "label-mismatch", "transcript", "local-copy",
    }  # fmt: skip


def test_field_problems_name_the_line_of_their_key() -> None:
    note = note_of("---\nspeaker: x\ntitle: [a, b]\naliases: 5\n---\n# Heading\n")
    assert [(problem.kind, problem.line) for problem in note.problems] == [
        (Kind.FIELD_IGNORED, 3),
        (Kind.FIELD_IGNORED, 4),
    ]


def test_problems_of_a_note_without_front_matter_count_lines_from_the_top() -> None:
    assert parse_note("# T\n\n---\nrule\n", ROOT / "n.md").body_line == 1
    assert parse_note("---\ntitle: T\n---\nText\n", ROOT / "n.md").body_line == 3
