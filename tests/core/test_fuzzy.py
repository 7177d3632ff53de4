"""The quick switcher's fuzzy matching."""

from __future__ import annotations

import pytest

from viewer.core.candidates import Candidates
from viewer.core.fuzzy import Folded, fold, rank, score


def test_letters_in_order_with_gaps_match_and_out_of_order_do_not() -> None:
    assert score("mdl", "Model") is not None
    assert score("mld", "Model") is None
    assert score("modelx", "Model") is None


def test_words_of_the_query_match_in_any_order() -> None:
    title = "Model architectures in AI"
    assert score("mdl arch", title) is not None
    assert score("arch mdl", title) is not None
    assert score("mdl zzz", title) is None


def test_an_empty_query_matches_everything_equally() -> None:
    assert score("", "anything") == score("   ", "other") == 0.0


def test_case_does_not_count() -> None:
    assert score("MODEL", "model") == score("model", "MODEL")


@pytest.mark.parametrize(
    ("query", "name"),
    [("cafe", "Café Society"), ("creme", "Crème brûlée"), ("strasse", "Straße"), ("CAFÉ", "cafe")],
)
def test_diacritics_are_folded(query: str, name: str) -> None:
    assert score(query, name) is not None


def test_fold_strips_marks_and_case() -> None:
    assert fold("Ünïcödé") == "unicode"


def test_word_starts_score_more_than_letters_inside_words() -> None:
    at_starts = score("ma", "Model Architectures")
    inside = score("ma", "Format")
    assert at_starts is not None and inside is not None
    assert at_starts > inside


def test_consecutive_letters_score_more_than_scattered_ones() -> None:
    together = score("arch", "research")
    scattered = score("arch", "raspberry chutney")
    assert together is not None and scattered is not None
    assert together > scattered


def test_the_best_start_is_found_not_the_first() -> None:
    # The first "a" is inside "data"; the word start "architectures" must win.
    assert score("arch", "data architectures") == score("arch", "xxxx architectures")


def test_rank_puts_the_closest_first_and_drops_non_matches() -> None:
    notes = {
        "ai/models.md": "Model architectures in AI",
        "misc/meddle.md": "Meddling with marching bands",
        "food/bread.md": "The Science of Sourdough",
    }
    candidates = Candidates.of((path, [(title, 0.0), (path, 1.0)]) for path, title in notes.items())
    assert rank("mdl arch", candidates, 10)[0] == "ai/models.md"
    assert "food/bread.md" not in rank("mdl arch", candidates, 10)
    assert rank("sourdough", candidates, 10) == ["food/bread.md"]
    assert rank("", candidates, 2) == ["ai/models.md", "misc/meddle.md"]


def test_a_candidate_scores_by_its_best_name_less_its_penalty() -> None:
    candidates = Candidates.of(
        [
            ("x", [("Zebra", 0.0), ("Model Architectures", 0.0)]),
            ("y", [("Zebra", 0.0), ("Model Architectures", 3.0)]),
        ]
    )
    found_alias, found_path = candidates.score(0, "ma"), candidates.score(1, "ma")
    assert found_alias is not None and found_path is not None
    assert found_alias - found_path == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("model architectures", {0, 6}),
        ("letting_rivers_flood", {0, 8, 15}),
        ("people/daniel osei", {0, 7, 14}),
        ("talk2024x", {0, 4, 8}),
        ("", set()),
    ],
)
def test_word_starts(name: str, starts: set[int]) -> None:
    assert Folded(name).starts == starts
