"""The switcher's ranking in steps agrees with the plain rule, one name at a time."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import overload

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.helpers.compiled import as_python
from viewer.core.candidates import Candidates, CandidatesBuilder
from viewer.core.fuzzy import Folded, score, word_starts
from viewer.core.ranking import (
    _ALL,
    FILTER_STEP,
    FIRST_LOOK,
    FIRST_LOOK_STEP,
    SCORE_STEP,
    Ranking,
    _added,
    _CloserAfter,
    _CloserBound,
    narrows,
    words_of,
)
from viewer.core.stepwise import PLACES_STEP, SORT_STEP, finish, sorted_places, sorted_stepwise

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Letters that make the rule's corners: word starts after marks, digits against letters,
#: underscores and slashes in paths, accents and a letter that folds to two.
ALPHABET = "abcdeml rt_-/.1209éÉßAMX"
NAMES = st.lists(
    st.tuples(st.text(ALPHABET, max_size=14), st.sampled_from([0.0, 0.0, 1.5, 2.0])),
    min_size=1,
    max_size=3,
)
QUERY = st.text(ALPHABET + "  ", max_size=7)
#: With letters two and four bytes wide, kept in strings of their own (viewer.core.candidates),
#: and digits that are not decimal ("❶", "፩"), and one that is ("٣").
WIDE_ALPHABET = ALPHABET + "ω❶፩٣😀"
WIDE_NAMES = st.lists(
    st.tuples(st.text(WIDE_ALPHABET, max_size=14), st.sampled_from([0.0, 0.0, 1.5, 2.0])),
    min_size=1,
    max_size=3,
)
WIDE_QUERY = st.text(WIDE_ALPHABET + "  ", max_size=7)


def plain(query: str, names: list[tuple[str, float]]) -> float | None:
    """What the documented rule gives a candidate: its best name by :func:`score`."""
    best: float | None = None
    for name, penalty in names:
        found = score(query, Folded.of(name.replace("\n", " ")))
        if found is not None and (best is None or found - penalty > best):
            best = found - penalty
    return best


def plain_rank(query: str, notes: list[list[tuple[str, float]]], limit: int) -> list[int]:
    scored = [
        (found, at) for at, names in enumerate(notes) if (found := plain(query, names)) is not None
    ]
    scored.sort(key=lambda hit: (-hit[0], hit[1]))
    return [at for _, at in scored[:limit]]


def one(names: list[tuple[str, float]]) -> Candidates[int]:
    """A single candidate (at place 0), under ``names``."""
    return Candidates.of([(0, names)])


def table(notes: list[list[tuple[str, float]]]) -> Candidates[int]:
    """Each note at its place, under its names."""
    return Candidates.of(enumerate(notes))


def ranked(
    candidates: Candidates[int], query: str, limit: int, after: Ranking[int] | None = None
) -> Ranking[int]:
    ranking = Ranking(candidates, query, limit, after)
    finish(ranking.steps())
    return ranking


@FAST
@given(names=NAMES, query=QUERY)
def test_a_prepared_candidate_scores_as_the_rule_says(
    names: list[tuple[str, float]], query: str
) -> None:
    assert one(names).score(0, query) == plain(query, names)


@FAST
@given(names=NAMES, query=QUERY)
def test_the_bound_is_never_below_the_score(names: list[tuple[str, float]], query: str) -> None:
    candidate = one(names)
    found = candidate.score(0, query)
    if found is not None:
        assert Ranking.bound(candidate, 0, query) >= found


@FAST
@given(names=NAMES, query=QUERY)
def test_the_closer_bound_is_never_below_the_score_nor_above_the_bound(
    names: list[tuple[str, float]], query: str
) -> None:
    candidate = one(names)
    found = candidate.score(0, query)
    closer = Ranking.closer_bound(candidate, 0, query)
    if query.strip():
        assert (closer is None) == (found is None)  # None: no name holds every word
    if found is not None and closer is not None:
        # The two add the same numbers in another order: equal but for the last bits.
        assert found <= closer <= Ranking.bound(candidate, 0, query) + 1e-9


@FAST
@given(notes=st.lists(NAMES, max_size=40), query=QUERY, limit=st.integers(0, 8))
def test_a_ranking_orders_as_the_rule_does(
    notes: list[list[tuple[str, float]]], query: str, limit: int
) -> None:
    candidates = table(notes)
    assert ranked(candidates, query, limit).results == plain_rank(query, notes, limit)


def assert_each_prefix_ranks_as_from_scratch(
    notes: list[list[tuple[str, float]]], typed: str
) -> None:
    """``typed`` a letter at a time, each ranking narrowing the one before."""
    candidates = table(notes)
    before: Ranking[int] | None = None
    for end in range(1, len(typed) + 1):
        query = typed[:end]
        ranking = ranked(candidates, query, 3, before)
        assert ranking.results == plain_rank(query, notes, 3), query
        before = ranking


@FAST
@given(notes=st.lists(NAMES, max_size=40), typed=st.text(ALPHABET + " ", min_size=1, max_size=8))
def test_typing_a_query_a_letter_at_a_time_ranks_each_as_from_scratch(
    notes: list[list[tuple[str, float]]], typed: str
) -> None:
    assert_each_prefix_ranks_as_from_scratch(notes, typed)


@FAST
@given(notes=st.lists(WIDE_NAMES, max_size=40), typed=WIDE_QUERY.filter(str.strip))
def test_names_of_every_width_rank_as_the_rule_says_a_letter_at_a_time(
    notes: list[list[tuple[str, float]]], typed: str
) -> None:
    assert_each_prefix_ranks_as_from_scratch(notes, typed)


@FAST
@given(notes=st.lists(NAMES, max_size=40), typed=st.text(ALPHABET + " ", min_size=1, max_size=8))
def test_what_a_ranking_lets_through_holds_every_match_and_bounds_it(
    notes: list[list[tuple[str, float]]], typed: str
) -> None:
    """A narrowing query looks only at ``passed``, and adds its letters to the bounds kept
    with it: every candidate that matches is there, with a bound not below its score."""
    candidates = table(notes)
    before: Ranking[int] | None = None
    for end in range(1, len(typed) + 1):
        query = typed[:end]
        ranking = ranked(candidates, query, 2, before)
        passed = list(ranking.passed or ())
        for at, names in enumerate(notes):
            found = plain(query, names)
            if found is not None and ranking.words:
                assert at in passed, query
                kept = passed.index(at)
                assert max(ranking._heads[kept], ranking._rests[kept]) + 1e-6 >= found, query
        before = ranking


@FAST
@given(notes=st.lists(NAMES, max_size=40), typed=st.text(ALPHABET + " ", min_size=1, max_size=8))
def test_a_ranking_whose_bounds_were_let_go_still_narrows_as_the_rule_says(
    notes: list[list[tuple[str, float]]], typed: str
) -> None:
    candidates = table(notes)
    before: Ranking[int] | None = None
    for end in range(1, len(typed) + 1):
        query = typed[:end]
        ranking = ranked(candidates, query, 3, before)
        assert ranking.results == plain_rank(query, notes, 3), query
        ranking.forget_bounds()
        before = ranking


@FAST
@given(names=NAMES, query=QUERY, more=QUERY)
def test_a_closer_bound_added_to_is_the_closer_bound_of_the_longer_query(
    names: list[tuple[str, float]], query: str, more: str
) -> None:
    """What a ranking keeps of a candidate's closer bound, with the letters typed after it
    looked for from where it ended, gives the longer query's closer bound."""
    candidate = one(names)
    earlier, later = words_of(query), words_of(query + more)
    added = _added(earlier, later)
    assume(added is not None and later != earlier)
    assert added is not None
    lines: list[float] = [0, _ALL]
    _CloserBound(candidate, earlier).of(0, 0, _ALL, lines)
    found = _CloserAfter(candidate, added).of(0, lines, 0, _ALL, [0, _ALL])
    expected = Ranking.closer_bound(candidate, 0, query + more)
    assert (found is None) == (expected is None)
    if found is not None and expected is not None:
        assert found == pytest.approx(expected, abs=1e-9)


def test_a_paths_folders_do_not_lend_their_word_starts_to_the_title() -> None:
    """The bound takes a title and a path with a higher penalty apart: "trn" gets its "t"
    and "r" as word starts only from "the_cognitive_revolution", where the path's length and
    penalty take more off."""
    names = [("Adoption agents", 0.0), ("the_cognitive_revolution/adoption_agents", 2.0)]
    candidate = one(names)
    found = candidate.score(0, "trn")
    assert found is not None
    assert found <= Ranking.bound(candidate, 0, "trn") < 21.0
    assert candidate.splits[0] - candidate.firsts[0] == len("adoption agents") + 1


def folder_names(count: int) -> list[list[tuple[str, float]]]:
    """Titles and paths much like a real folder's: words from a small vocabulary."""
    rng = random.Random(7)
    words = ["model", "architecture", "transformer", "attention", "memory", "data", "people"]
    notes = []
    for number in range(count):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(2, 5))).capitalize()
        folder = rng.choice(["talks", "people", "latent_space"])
        path = f"{folder}/{title.lower().replace(' ', '_')}_{number}"
        notes.append([(title, 0.0), (path, 2.0)])
    return notes


@pytest.mark.parametrize("typed", ["mdl arch", "trnsf att", "people", "2 _x", "at mo"])
def test_on_a_folder_each_prefix_ranks_as_the_rule_does_and_narrows_the_last(typed: str) -> None:
    notes = folder_names(3_000)
    candidates = table(notes)
    before: Ranking[int] | None = None
    for end in range(1, len(typed) + 1):
        query = typed[:end]
        ranking = ranked(candidates, query, 50, before)
        assert ranking.results == plain_rank(query, notes, 50), query
        if before is not None:
            assert ranking.narrows(before)  # each key only narrowed the query
        before = ranking


def test_when_nearly_all_match_those_that_cannot_enter_are_kept_unsearched() -> None:
    """Typing "at" after "a" on a folder where nearly every name has an "a" and a "t": the
    ranking keeps some that do not match (not searched, they could not enter), every one that
    does, and the letters typed after it still rank as the rule says."""
    notes = folder_names(3_000)
    candidates = table(notes)
    before: Ranking[int] | None = None
    unsearched = 0
    for query in ("a", "at", "att", "atte", "atten"):
        ranking = ranked(candidates, query, 50, before)
        assert ranking.results == plain_rank(query, notes, 50), query
        passed = set(ranking.passed or ())
        matching = {at for at, names in enumerate(notes) if plain(query, names) is not None}
        assert matching <= passed, query
        unsearched += len(passed - matching)
        before = ranking
    assert unsearched > 0


def test_a_letter_typed_has_its_final_results_before_what_is_kept_for_the_next() -> None:
    """Typing "trns" after "trn": the candidates that could not enter whatever the "s"
    scores are set aside, and the results are final (``settled``) before they are searched
    and bounded, in steps after, for the next letter to narrow."""
    notes = folder_names(3_000)
    candidates = table(notes)
    before = None
    for query in ("t", "tr", "trn"):
        before = ranked(candidates, query, 50, before)
    ranking = Ranking(candidates, "trns", 50, before)
    steps_after: list[bool] = []
    for _ in ranking.steps():
        if ranking.settled:
            assert ranking.results == plain_rank("trns", notes, 50)
            steps_after.append(ranking.done)
    assert ranking.done
    assert steps_after[0] is False and len(steps_after) > 1
    passed = set(ranking.passed or ())
    assert {at for at, names in enumerate(notes) if plain("trns", names) is not None} <= passed
    after = ranked(candidates, "trnsf", 50, ranking)
    assert after.narrows(ranking)
    assert after.results == plain_rank("trnsf", notes, 50)


def test_a_ranking_shows_a_first_look_before_it_is_done_and_stops_at_the_final() -> None:
    notes = folder_names(3_000)
    candidates = table(notes)
    ranking = Ranking(candidates, "mo", 50)
    steps = ranking.steps()
    assert not ranking.started
    # The first look is scored a few at a time (a step each), then shown.
    for _ in range(FIRST_LOOK // FIRST_LOOK_STEP):
        next(steps)
        assert not ranking.started
    next(steps)
    assert ranking.started and not ranking.done
    # The first look ranks the first candidates only: real matches, maybe not the best.
    assert ranking.results == plain_rank("mo", notes[:FIRST_LOOK], 50)
    finish(steps)
    assert ranking.done
    assert ranking.results == plain_rank("mo", notes, 50)


class Made(Sequence[int]):
    """Items made when asked for (as a folder's notes are, from its table), counted."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.made = 0

    def __len__(self) -> int:
        return self.count

    @overload
    def __getitem__(self, place: int) -> int: ...
    @overload
    def __getitem__(self, place: slice) -> Sequence[int]: ...
    def __getitem__(self, place: int | slice) -> int | Sequence[int]:
        assert isinstance(place, int)
        self.made += 1
        return place


def test_a_ranking_makes_items_only_for_the_results_read() -> None:
    notes = folder_names(3_000)
    builder = CandidatesBuilder[int]()
    for names in notes:
        builder.add_names(names)
    items = Made(len(notes))
    candidates = builder.build(items)
    ranking = Ranking(candidates, "mo", 50)
    steps = ranking.steps()
    next(steps)
    finish(steps)
    assert items.made == 0  # not at each step: the best so far are places
    assert ranking.results == plain_rank("mo", notes, 50)
    assert items.made == 50
    assert ranking.results == plain_rank("mo", notes, 50)
    assert items.made == 50  # made once


def test_a_query_that_does_not_narrow_looks_at_everything() -> None:
    candidates = table(folder_names(500))
    earlier = ranked(candidates, "mod", 10)
    assert ranked(candidates, "mo", 10, earlier).narrows(earlier) is False
    assert ranked(candidates, "mod x", 10, earlier).narrows(earlier) is True
    unfinished = Ranking(candidates, "m", 10)
    assert Ranking(candidates, "mo", 10, unfinished).narrows(unfinished) is False


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (["mo"], ["mod"], True),
        (["mo"], ["xmyoz"], True),
        (["mo"], ["om"], False),
        (["mo", "ar"], ["arch", "model"], True),
        (["mo"], ["mo", "ar"], True),
        (["mo", "ar"], ["mo"], False),
        ([], ["x"], True),
    ],
)
def test_narrowing(earlier: list[str], later: list[str], expected: bool) -> None:
    assert narrows(earlier, later) is expected


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("model architectures", "m     a            "),
        ("letting_rivers_flood", "l       r      f    "),
        ("talk2024x", "t   2   x"),
        ("a-1 b", "a 1 b"),
        ("café au", "c    a "),
    ],
)
def test_word_starts_keep_the_letters_that_start_a_word(name: str, starts: str) -> None:
    assert word_starts(name) == starts


@FAST
@given(st.lists(st.integers(0, 20), max_size=5_000))
def test_a_sort_in_steps_is_a_stable_sort(values: list[int]) -> None:
    items = list(enumerate(values))
    assert finish(sorted_stepwise(items, key=lambda item: item[1])) == sorted(
        items, key=lambda item: item[1]
    )


@FAST
@given(st.lists(st.integers(0, 20), max_size=5_000))
def test_places_sorted_in_steps_are_a_stable_sort(values: list[int]) -> None:
    places = finish(sorted_places(len(values), values.__getitem__))
    assert list(places) == sorted(range(len(values)), key=values.__getitem__)


def test_places_sorted_in_steps_keep_a_run_of_keys_at_a_time() -> None:
    """Keys are made for a run, then for the heads of the runs: never all at once."""
    count = 5 * SORT_STEP
    alive: set[int] = set()
    most = 0

    class Key:
        def __init__(self, place: int) -> None:
            self.place = place
            alive.add(place)
            nonlocal most
            most = max(most, len(alive))

        def __lt__(self, other: Key) -> bool:
            return self.place % 7 < other.place % 7 or (
                self.place % 7 == other.place % 7 and self.place < other.place
            )

        def __del__(self) -> None:
            alive.discard(self.place)

    places = finish(sorted_places(count, Key))
    assert list(places) == sorted(range(count), key=lambda place: (place % 7, place))
    runs = -(-count // PLACES_STEP)
    assert most <= PLACES_STEP + runs  # a run's keys, and one a run being merged


def test_places_sorted_in_steps_make_a_step_of_keys_at_a_time() -> None:
    """A key made from a table's columns takes microseconds: a step makes no more than
    :data:`PLACES_STEP` of them, sorting or merging."""
    made = [0]

    def key(place: int) -> tuple[int, int]:
        made[0] += 1
        return place % 7, place

    steps = sorted_places(10 * PLACES_STEP + 3, key)
    per_step: list[int] = []
    while True:
        try:
            next(steps)
        except StopIteration as end:
            places = end.value
            break
        finally:
            per_step.append(made[0])
            made[0] = 0
    assert list(places) == sorted(range(10 * PLACES_STEP + 3), key=lambda place: (place % 7, place))
    runs = -(-len(places) // PLACES_STEP)
    assert max(per_step) <= PLACES_STEP + runs  # and the runs' heads, as the merge begins


def test_no_step_looks_at_more_than_a_step_of_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """A step is short whatever the query: the window runs them a few milliseconds at a time.
    Counted in the Python source (compiled, a ranking calls its methods directly)."""
    notes = folder_names(3_000)
    with as_python() as python:
        candidates = python.candidates.Candidates.of(enumerate(notes))
        ranking_class = python.ranking.Ranking
        looked = [0]
        closer_of = python.ranking._CloserBound.of

        def counting(closer: object, index: int, *names: int) -> float | None:
            looked[0] += 1
            return closer_of(closer, index, *names)  # type: ignore[no-any-return]

        monkeypatch.setattr(python.ranking._CloserBound, "of", counting)
        monkeypatch.setattr(
            python.candidates.Candidates,
            "score_words",
            _counted(python.candidates.Candidates.score_words, looked),
        )
        for query in ("m", "tr", "trnsf att", "people"):
            most = total = 0
            for _ in ranking_class(candidates, query, 50).steps():
                most, total, looked[0] = max(most, looked[0]), total + looked[0], 0
            assert total >= 50, query  # the counting saw the ranking's work
            assert most <= max(FILTER_STEP, SCORE_STEP, FIRST_LOOK + 50), query


def _counted(score_words: object, looked: list[int]) -> object:
    def counted(self: Candidates[int], index: int, words: list[str], *names: int) -> float | None:
        looked[0] += 1
        return score_words(self, index, words, *names)  # type: ignore[operator, no-any-return]

    return counted


@pytest.mark.parametrize("typed", ["mdl arch", "trnsf att", "ppl 12", "lat sp mem"])
def test_the_compiled_matcher_ranks_as_its_python_source(typed: str) -> None:
    """setup.py compiles the matcher; a build that cannot runs the source: both rank alike,
    a key at a time, each narrowing the last."""
    notes = folder_names(2_000)
    compiled = table(notes)
    compiled_after: Ranking[int] | None = None
    with as_python() as python:
        source = python.candidates.Candidates.of(enumerate(notes))
        source_after = None
        for end in range(1, len(typed) + 1):
            compiled_after = ranked(compiled, typed[:end], 50, compiled_after)
            source_after = python.ranking.Ranking(source, typed[:end], 50, source_after)
            finish(source_after.steps())
            assert compiled_after.results == source_after.results, typed[:end]
            assert len(compiled_after.results) == 50, typed[:end]


def test_the_app_imports_the_compiled_matcher() -> None:
    """The tests, the benchmarks and the app in this checkout run the compiled modules (an
    editable install builds them; tests/conftest.py stops the run when one is stale)."""
    import viewer.core.candidates
    import viewer.core.fuzzy
    import viewer.core.ranking

    for module in (viewer.core.ranking, viewer.core.fuzzy, viewer.core.candidates):
        assert module.__file__ is not None
        assert Path(module.__file__).suffix in (".so", ".pyd"), module.__file__
    with as_python() as python:
        assert python.ranking.__file__.endswith(".py")


def test_a_candidate_says_which_of_its_names_matched_best() -> None:
    note = Candidates.of(
        [("x", [("Naive Bayes", 0.0), ("Cafe Classifier", 0.0), ("ml/bayes", 2.0)])]
    )
    assert note.best_name(0, ["cafe"]) == 1
    assert note.best_name(0, ["bayes"]) == 0  # the path spells it too, less well
    assert note.best_name(0, ["ml"]) == 2
    assert note.best_name(0, ["zzz"]) is None
    assert note.best_name(0, []) == 0


def test_a_result_says_which_of_its_names_matched_best() -> None:
    notes = [
        [("Naive Bayes", 0.0), ("Cafe Classifier", 0.0), ("ml/naive_bayes", 1.0)],
        [("Coffee", 0.0), ("drinks/coffee", 1.0)],
    ]
    ranking = Ranking(Candidates.of(enumerate(notes)), "cafe", 10)
    finish(ranking.steps())
    assert ranking.results == [0]
    assert ranking.matched_name(0) == 1  # the alias, not the title
    by_path = Ranking(Candidates.of(enumerate(notes)), "drinks", 10)
    finish(by_path.steps())
    assert by_path.results == [1] and by_path.matched_name(0) == 1
    everything = Ranking(Candidates.of(enumerate(notes)), "", 10)
    finish(everything.steps())
    assert everything.matched_name(0) is None  # nothing typed: nothing matched


def test_what_a_ranking_keeps_is_added_to_its_arrays_a_list_at_a_time() -> None:
    """A ranking adds a step's numbers to the arrays it keeps from a short list (a list of
    all 50,000 alive through a ranking made the collector's young passes take up to 13 ms)."""
    from array import array

    from viewer.core.ranking import _add

    places, bounds = array("i", [7]), array("d", [0.5])
    _add(places, [3, 1_000_000, -2])
    _add(bounds, [1.25, -float("inf"), 2.0])
    _add(places, [])
    assert places.tolist() == [7, 3, 1_000_000, -2]
    assert bounds.tolist() == [0.5, 1.25, -float("inf"), 2.0]
