"""One folding rule for the switcher, the search box and the search index."""

from __future__ import annotations

import pytest

from viewer.core import fuzzy
from viewer.core.fold import fold
from viewer.core.search.query import parse_query, tokens


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Straße", "strasse"),  # case folding makes ß "ss"
        ("STRASSE", "strasse"),
        ("ẞ", "ss"),  # the capital sharp s
        ("İstanbul", "istanbul"),  # the dot above is a mark, taken off
        ("Åsa å", "asa a"),
        ("\u212bngström", "angstrom"),  # the Ångström sign is an A with a ring
        ("ﬁnancial ﬂow", "financial flow"),  # ligatures are their letters
        ("Ｆｕｌｌ ｗｉｄｔｈ", "full width"),
        ("Ünïcödé", "unicode"),
        ("㎒ ℌ", "mhz h"),  # a compatibility form is decomposed before its case is folded
        ("東京タワー", "東京タワー"),
        ("ガイド", "ガイド"),  # voiced kana keep their voicing: ガ is not カ
        ("ｶﾞｲﾄﾞ", "ガイド"),  # half-width kana are the kana, voicing mark included
        ("パン", "パン"),
        ("한국어", "한국어"),  # Korean syllables stay whole
        ("Ελληνικά", "ελληνικα"),
    ],
)
def test_case_and_diacritics_are_folded_away(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_folded_text_folds_to_itself_for_every_character() -> None:
    """Stored text is folded once and a query once more by SQLite's own rule on top: folding
    must not change what is already folded. (Case folding first would leave "MHz" in ㎒.)"""
    # The planes with letters that decompose or have case (the others: ideographs only, and
    # the compatibility ideographs among them), without the surrogates.
    codes = [*range(0xD800), *range(0xE000, 0x20000), *range(0x2F800, 0x2FA20)]
    changed = [f"U+{code:04X}" for code in codes if fold(fold(chr(code))) != fold(chr(code))]
    assert changed == []


def test_the_switcher_and_the_search_box_fold_alike() -> None:
    assert fuzzy.score("strasse", "Straße") is not None
    assert fuzzy.score("Straße", "Strasse") is not None
    assert fuzzy.score("financial", "ﬁnancial report") is not None
    assert fuzzy.score("ガイド", "カイト") is None
    (clause,) = parse_query("Straße").clauses
    assert clause.terms[0].words == ("strasse",)
    assert tokens("ﬁnancial İstanbul") == ("financial", "istanbul")
