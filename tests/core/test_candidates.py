"""A folder's names prepared for the switcher: a few long strings and arrays, the same scores."""

from __future__ import annotations

import sys
import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from tests.core.test_ranking import FAST, NAMES, QUERY, WIDE_NAMES, WIDE_QUERY, folder_names, plain
from viewer.core.candidates import Candidates, CandidatesBuilder
from viewer.core.fold import fold
from viewer.core.fuzzy import _starts_word, odd_digits, word_start_search, word_starts

#: Letters of every kind the rule tells apart: letters, digits, digits that are not decimal
#: ("❶", "፩", kept by folding), a decimal digit of another script ("٣"), marks, and letters two
#: and four bytes wide.
LETTERS = "ab1 _-/\n❶፩٣ωᛮ😀"


@FAST
@given(st.text(LETTERS, max_size=12))
def test_a_word_start_search_finds_where_word_starts_keeps_the_letter(text: str) -> None:
    starts = word_starts(text)
    odd = odd_digits(text)
    for letter in set(text) - {" ", "\n"}:
        search = word_start_search(letter, odd)
        for start in range(len(text) + 1):
            found = search(text, start, len(text))
            assert (found.start() if found else -1) == starts.find(letter, start), (letter, start)


def test_a_digit_that_is_not_decimal_counts_as_a_digit() -> None:
    # "²" is a digit to the rule (str.isdigit) but not to a regular expression's \d.
    text = "x²a ²2"
    for letter in "a2":
        places = [p for p in range(len(text)) if text[p] == letter and _starts_word(text, p)]
        found = word_start_search(letter, odd_digits(text))(text, 0, len(text))
        assert (found.start() if found else None) == (places[0] if places else None)
    assert odd_digits(text) == "²"


@FAST
@given(notes=st.lists(WIDE_NAMES, min_size=1, max_size=12), query=WIDE_QUERY)
def test_every_candidate_scores_as_the_rule_says_wherever_its_names_are_kept(
    notes: list[list[tuple[str, float]]], query: str
) -> None:
    candidates = Candidates.of(enumerate(notes))
    for place, names in enumerate(notes):
        assert candidates.score(place, query) == plain(query, names)
        assert candidates.names(place) == "\n".join(fold(n.replace("\n", " ")) for n, _ in names)


def test_names_are_kept_one_string_a_width() -> None:
    """An emoji in one title does not make every other note's names take four bytes a
    letter."""
    notes = [[("Rocket launch 🚀", 0.0)], [("Ωmega", 0.0)], *folder_names(200)]
    candidates = Candidates.of(enumerate(notes))
    ascii_text, narrow_plane, wide = candidates.texts
    assert ascii_text.isascii() and "🚀" in wide and "ω" in narrow_plane
    assert sys.getsizeof(ascii_text) - sys.getsizeof("") == len(ascii_text)
    assert candidates.widths[0] == 2 and candidates.widths[1] == 1
    assert Candidates.of(enumerate(notes)).score(0, "rl") == plain("rl", notes[0])


@FAST
@given(notes=st.lists(NAMES, min_size=1, max_size=12), query=QUERY)
def test_a_candidate_copied_is_the_candidate_added(
    notes: list[list[tuple[str, float]]], query: str
) -> None:
    source = Candidates.of(enumerate(notes))
    builder = CandidatesBuilder[int]()
    builder.add(-1, [("before", 0.0)])
    for place in reversed(range(len(notes))):
        builder.copy(place, source, place)
    copied = builder.build()
    for place in range(len(notes)):
        at = len(notes) - place
        assert copied.items[at] == place
        assert copied.names(at) == source.names(place)
        assert copied.initials(at) == source.initials(place)
        assert copied.penalties(at) == source.penalties(place)
        assert copied.score(at, query) == source.score(place, query)
        split = copied.splits[at] - copied.firsts[at]
        assert split == source.splits[place] - source.firsts[place]
        assert copied.tails[2 * at : 2 * at + 2] == source.tails[2 * place : 2 * place + 2]


def test_prepared_names_hold_their_letters_and_a_few_numbers_a_note() -> None:
    """Not an object a note: their letters (the folded names, and the letters that start a
    word, once each), a line break after each, and numbers and a pointer in arrays (45 bytes,
    and the room an array keeps to grow): where a named tuple and three strings a note took 330
    bytes more than the letters."""
    count = 20_000
    notes = folder_names(count)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        # The items are the notes' own (as a folder's entries are): not counted.
        candidates = Candidates.of((names, names) for names in notes)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    letters = sum(len(text) for text in candidates.texts)
    assert letters < 1.4 * sum(len(name) + 1 for names in notes for name, _ in names)
    assert held < letters + 60 * count
