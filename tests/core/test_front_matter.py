"""Salvaging broken front matter: what it reads is what YAML reads, or nothing."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.core.conftest import must_finish_within
from viewer.core.front_matter import YamlLoader, read_front_matter, salvage
from viewer.core.problems import Kind

KEYS = ["title", "videoId", "video", "aliases", "a", "b", "1", "true", "<<", '"q"', "? k"]
VALUES = [
    "", "plain", "two words", "7-3IxVvWoxc", "42", "2024-01-05", "yes", "~", "null",
    '"quoted"', '"unclosed', "'single'", "'unclosed", '"esc \\" q"', "'it''s'",
    "[a, b]", "[a, b", "[", "]", "{x: 1}", "{x: 1", "}", "&x 1", "*x", "&y [1, 2]", "*y",
    "|", ">", "|-", "- item", "x # comment", "# only comment", "a: b", ": :", "@at", "`tick",
    "!!str 5", "!tag v", "%pct", "x]", 'v"', "c'", "http://a/b#c", "[x, {y: z}]",
]  # fmt: skip
CONTINUATIONS = [
    "", "  ", "  - item", "- item", "  nested: 1", "  more text", "  'q'", '  "q', "  ]",
    "# comment", "...", "  ? k", "  : v", "]", "}", '"', "'", "x]", "b: c\"", "  *x", "\t", "  |",
]  # fmt: skip

KEY_LINE = st.builds(
    lambda key, sep, value: f"{key}:{sep}{value}",
    st.sampled_from(KEYS),
    st.sampled_from([" ", "", "  ", "\t"]),
    st.sampled_from(VALUES),
)
NOISE = st.text(alphabet="ab :-#&*!|>'\"[]{},?%@`\t", max_size=10)
LINE = st.one_of(
    KEY_LINE,
    KEY_LINE,
    st.sampled_from(CONTINUATIONS),
    st.sampled_from(VALUES),
    st.builds(lambda key, rest: f"{key}: {rest}", st.sampled_from(KEYS), NOISE),
    NOISE,
)
SCALAR = st.one_of(
    st.text(alphabet="ab :-#&*!|>'\"[]{},?%@`\n\\", max_size=30),
    st.integers(),
    st.none(),
    st.booleans(),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["x", "y"]), inner, max_size=2)
    ),
    max_leaves=6,
)
#: Valid YAML by construction, as a writer of YAML lays it out: quoted, folded over lines.
DUMPED = st.builds(
    lambda data, flow, width, style: yaml.safe_dump(
        data, default_flow_style=flow, width=width, default_style=style, allow_unicode=True
    ),
    st.dictionaries(st.sampled_from(KEYS[:6]), VALUE, min_size=1, max_size=5),
    st.sampled_from([False, True, None]),
    st.sampled_from([8, 20, 80]),
    st.sampled_from([None, '"', "'", "|"]),
)
FRONT_MATTER = st.one_of(
    st.lists(LINE, min_size=1, max_size=8).map("\n".join),
    st.lists(st.one_of(KEY_LINE, KEY_LINE, st.sampled_from(CONTINUATIONS)), max_size=8).map(
        "\n".join
    ),
    DUMPED,
)


def real_yaml(raw: str) -> dict[str, Any] | None:
    """What PyYAML (with the app's constructors) reads, if ``raw`` is a valid set of fields."""
    try:
        data = yaml.load(raw, Loader=YamlLoader)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    try:
        return {str(key): value for key, value in data.items()}
    except TypeError:  # an unhashable key
        return None


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FRONT_MATTER)
@example('a: "x\nb: y"')  # a quoted value going on at the start of the next line
@example("a: [x,\nb: y]")  # so may a flow list
@example("{a: 1,\nb: 2}")  # a flow mapping over lines: "b: 2}" is not a key line
@example("b: &x 2\na: 1\na: *x")  # a later line for a key, that cannot be read alone
@example("a: |\nb: c")  # a block scalar with no lines ends at the next key
def test_salvage_never_reads_a_key_differently_from_valid_yaml(raw: str) -> None:
    truth = real_yaml(raw)
    if truth is None:
        return
    fields, _problems = salvage(raw)
    for key, value in fields.items():
        assert key in truth, (key, raw)
        assert value == truth[key], (key, raw)


@settings(max_examples=300, deadline=None)
@given(FRONT_MATTER)
def test_salvage_never_raises_and_names_a_line_for_each_ignored_entry(raw: str) -> None:
    fields, problems = salvage(raw, raw_line=1)
    assert all(isinstance(key, str) for key in fields)
    lines = raw.split("\n")
    for problem in problems:
        assert problem.kind is Kind.FRONT_MATTER_LINE
        assert problem.line is not None and 1 <= problem.line <= len(lines)
        assert lines[problem.line - 1].strip()[:20] in problem.message


def test_brackets_opened_on_every_line_do_not_make_salvage_read_on_for_ever() -> None:
    # Each entry is open at its end, so each is read again with all the lines after it:
    # without a bound, 499 such lines of 2 kB took minutes.
    raw = "".join(f"k{number}: [{'x' * 2000}\n" for number in range(499))
    with must_finish_within(10):
        fields, problems = salvage(raw)
    assert fields == {}
    assert len(problems) == 499


def test_a_huge_broken_front_matter_is_not_salvaged_line_by_line() -> None:
    raw = "title: [\n" + "key: value\n" * 600
    assert salvage(raw) == ({}, [])
    front = read_front_matter(f"---\n{raw}---\nBody\n")
    assert [problem.kind for problem in front.problems] == [Kind.FRONT_MATTER_INVALID]


def test_broken_front_matter_salvaged_in_a_whole_file_keeps_its_file_lines() -> None:
    text = "---\ntitle: Talk\nspeaker: [Ines\nvideoId: 7-3IxVvWoxc\n---\n\nBody\n"
    front = read_front_matter(text)
    assert front.fields == {"title": "Talk", "videoId": "7-3IxVvWoxc"}
    assert [problem.line for problem in front.problems] == [3]
    assert [front.line_of(key) for key in ("title", "speaker", "videoId")] == [2, 3, 4]
    # The body begins where the closing line's "---" and the blank lines after it end.
    assert front.body == "\nBody\n"
    assert front.body_line == 6
