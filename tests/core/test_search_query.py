"""The search box's language: what each query means, and a sentence for what it cannot."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.conftest import SAMPLE_NOTE
from viewer.core.search import QueryError, SearchIndex, parse_query


def meaning(text: str) -> list[tuple[bool, list[tuple[tuple[str, ...], bool, str | None]]]]:
    query = parse_query(text)
    return [
        (clause.negated, [(term.words, term.prefix, term.field) for term in clause.terms])
        for clause in query.clauses
    ]


def test_what_a_query_means() -> None:
    assert meaning('Famous "the BET" archi* -lstm') == [
        (False, [(("famous",), False, None)]),
        (False, [(("the", "bet"), False, None)]),
        (False, [(("archi",), True, None)]),
        (True, [(("lstm",), False, None)]),
    ]
    assert meaning("a OR b NOT c") == [
        (False, [(("a",), False, None), (("b",), False, None)]),
        (True, [(("c",), False, None)]),
    ]
    assert meaning('title:"deep learning"* TAG:ai x') == [
        (False, [(("deep", "learning"), True, "title")]),
        (False, [(("ai",), False, "tags")]),
        (False, [(("x",), False, None)]),
    ]
    # FTS5's own syntax typed in the box is only text: each word is quoted when it reaches
    # SQLite, so NEAR, ^, +, {…} and column: mean nothing there.
    assert meaning("NEAR(a b)") == [
        (False, [(("near",), False, None)]),
        (False, [(("a",), False, None)]),
        (False, [(("b",), False, None)]),
    ]
    assert meaning("col:x ^y {z} a + b") == [
        (False, [(("col", "x"), False, None)]),
        (False, [(("y",), False, None)]),
        (False, [(("z",), False, None)]),
        (False, [(("a",), False, None)]),
        (False, [(("b",), False, None)]),
    ]
    assert meaning("GPT-4 12:30 café") == [
        (False, [(("gpt", "4"), False, None)]),
        (False, [(("12", "30"), False, None)]),
        (False, [(("cafe",), False, None)]),
    ]
    assert meaning("a AND b") == meaning("a b")
    assert meaning('x "" - y') == meaning("x y")
    japanese = parse_query("東京タワー title:日本").clauses
    assert [(t.pieces, t.field) for c in japanese for t in c.terms] == [
        (("東京タワー",), None),
        (("日本",), "title"),
    ]


def test_the_expression_given_to_fts5_is_only_quoted_tokens() -> None:
    (term,) = parse_query('"say ""hi"" NEAR" x*').clauses[0].terms
    assert term.fts() == '"say"'
    clauses = parse_query("x'; DROP TABLE notes; --").clauses
    assert [term.fts() for clause in clauses for term in clause.terms] == [
        '"x"',
        '"drop"',
        '"table"',
        '"notes"',
    ]


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    root = tmp_path_factory.mktemp("query") / "notes"
    root.mkdir()
    shutil.copy(SAMPLE_NOTE, root / SAMPLE_NOTE.name)
    with SearchIndex(root, root.parent / "cache") as index:
        index.build()
        yield index


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_typed_is_searched_or_gets_a_sentence(
    sample_index: SearchIndex, text: str
) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert str(error).endswith(".")
        return
    sample_index.search(query)  # an sqlite3 error here fails the test
    assert sample_index.take_notices() == []
