"""The fast front matter reader answers exactly as PyYAML does, or not at all."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core import flat_yaml


def _pyyaml(raw: str) -> Any:
    return yaml.load(raw, Loader=yaml.SafeLoader)


@pytest.mark.parametrize(
    "raw",
    [
        "title: Model architectures in AI\nvideoId: 7-3IxVvWoxc\n",
        'title: "Test pattern: seeking a local video"\nvideo: media/test-pattern.webm\n',
        "aliases: [Gradual Typing, Type hints talk]\ntags: []\n",
        "aliases:\n  - One name\n  - 'Another: name'\nspeaker: Ines Varga\n",
        "tags:\n- a\n- b\n\nempty:\n",
        "url: https://example.org/a#b\n",
        "title: C# in depth\n",
        "title: 'single'\n",
    ],
)
def test_flat_front_matter_reads_as_pyyaml_does(raw: str) -> None:
    assert flat_yaml.load(raw) == _pyyaml(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "date: 2024-01-05\n",  # a date
        "videoId: 12345678901\n",  # a number
        "draft: yes\n",  # a YAML 1.1 boolean
        "title: ~\n",  # null
        "title: a # comment\n",
        'title: "with \\"escapes\\""\n',
        "nested:\n  key: value\n",
        "anchor: &a text\nalias: *a\n",
        "title: >\n  folded\n",
        "true: value\n",
        "title: tab\there\n",
        "title: bell\x07\n",
        "title:\n- item\n  - item\n",  # the second "- item" goes on the first: "item - item"
        "a:\n  - x\n- y\n",  # not valid YAML at all
        "- a list\n- at the top\n",
        "title: a\n\t\n",  # a tab-only line: PyYAML refuses it
        "tags: [a\xa0]\n",  # a non-breaking space is part of the word to YAML
    ],
)
def test_anything_else_is_left_to_pyyaml(raw: str) -> None:
    assert flat_yaml.load(raw) is None


_SCALAR = st.text(
    alphabet=st.sampled_from(list("abcXYZ 019:-_#'\",[]{}&*!|>%@`~.\\/?=")),
    max_size=12,
)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["title", "tags", "aliases", "videoId", "a-b", "x_1", "null", "on"]),
            st.one_of(
                _SCALAR,
                st.lists(_SCALAR, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
                st.lists(_SCALAR, max_size=3).map(
                    lambda items: "".join(f"\n  - {item}" for item in items)
                ),
            ),
        ),
        max_size=5,
    )
)
def test_whenever_it_answers_it_agrees_with_pyyaml(pairs: list[tuple[str, str]]) -> None:
    raw = "".join(
        f"{key}:{'' if value.startswith(chr(10)) else ' '}{value}\n" for key, value in pairs
    )
    fast = flat_yaml.load(raw)
    if fast is None:
        return
    try:
        expected = _pyyaml(raw)
    except yaml.YAMLError:
        pytest.fail(f"flat_yaml read {raw!r}, which PyYAML refuses")
    assert fast == (expected if expected is not None else {})
