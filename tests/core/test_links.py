"""Wiki links: every written form, and resolution by path, stem, title and alias."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viewer.core import links
from viewer.core.links import (
    HASHES,
    PLACES,
    Folded,
    LinkResolver,
    NoteNames,
    WikiLink,
    find_wikilinks,
    key_hash,
    link_targets,
    name_key,
    parse_wikilink,
    path_key,
)


@pytest.mark.parametrize(
    ("body", "link"),
    [
        ("[[target]]", WikiLink("target")),
        ("[[target|alias]]", WikiLink("target", alias="alias")),
        ("[[target | alias]]", WikiLink("target", alias="alias")),
        ("[[ target  |  two words ]]", WikiLink("target", alias="two words")),
        ("[[target\\|alias]]", WikiLink("target", alias="alias")),  # inside a table
        ("[[target#heading]]", WikiLink("target", heading="heading")),
        ("[[target#heading|alias]]", WikiLink("target", heading="heading", alias="alias")),
        ("[[target # Some Heading | alias]]", WikiLink("target", "Some Heading", "alias")),
        ("![[target]]", WikiLink("target", embed=True)),
        ("![[image.png|300]]", WikiLink("image.png", alias="300", embed=True)),
        ("[[#heading]]", WikiLink("", heading="heading")),
        ("[[people/Jonathan Frankle]]", WikiLink("people/Jonathan Frankle")),
        ("[[target|]]", WikiLink("target")),
        ("[[target#]]", WikiLink("target")),
        ("[[a|b|c]]", WikiLink("a", alias="b|c")),
        (
            "[[the_future_of_ai_architectures_beyond_transformers | debate about future "
            "directions]]",
            WikiLink(
                "the_future_of_ai_architectures_beyond_transformers",
                alias="debate about future directions",
            ),
        ),
    ],
)
def test_every_written_form_is_parsed(body: str, link: WikiLink) -> None:
    assert list(find_wikilinks(f"before {body} after")) == [link]


@pytest.mark.parametrize(
    "body",
    ["[[]]", "[[ ]]", "[[|alias]]", "[[#]]", "[single]", "[[no end", "no start]]",
     "[[line\nbreak]]", "[[nested [x] ]]", "[[" + "x" * 501 + "]]"],
)  # fmt: skip
def test_what_is_not_a_wiki_link_is_not_found(body: str) -> None:
    assert list(find_wikilinks(body)) == []


def test_links_are_found_in_order() -> None:
    body = "[[a]] text ![[b]] [[c|C]] [[d#h]] [[a]]"
    assert [link.target for link in find_wikilinks(body)] == ["a", "b", "c", "d", "a"]


def test_parse_wikilink_of_nothing_is_none() -> None:
    assert parse_wikilink("  ") is None


@pytest.mark.parametrize(
    ("link", "text"),
    [
        (WikiLink("target"), "target"),
        (WikiLink("target", alias="Alias"), "Alias"),
        (WikiLink("target", heading="Part"), "target › Part"),
        (WikiLink("target", heading="Part", alias="Alias"), "Alias"),
        (WikiLink("", heading="Part"), "Part"),
    ],
)
def test_the_text_the_reader_sees(link: WikiLink, text: str) -> None:
    assert link.text == text


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Jonathan Frankle", "jonathan frankle"),
        ("jonathan_frankle", "jonathan frankle"),
        ("Jonathan-Frankle", "jonathan frankle"),
        ("  JONATHAN  __ - Frankle.md ", "jonathan frankle"),
        ("Jonathan%20Frankle", "jonathan frankle"),
        ("Straße", "strasse"),
    ],
)
def test_name_key_ignores_case_and_separators(name: str, key: str) -> None:
    assert name_key(name) == key


@given(st.text(alphabet=st.sampled_from(list("aB _-%2f0.mdMD\t\n\u00dfé\u2003\x1c")), max_size=12))
def test_name_key_is_the_name_decoded_without_md_case_folded_separators_one_space(
    name: str,
) -> None:
    decoded = unquote(name).strip()
    if decoded.lower().endswith(".md"):
        decoded = decoded[:-3]
    words = "".join(" " if char in "_-" else char for char in decoded).split()
    assert name_key(name) == " ".join(words).casefold()


def test_path_key() -> None:
    assert path_key("people/Jonathan_Frankle.md") == "people/jonathan frankle"
    assert path_key("people\\Jonathan-Frankle") == "people/jonathan frankle"
    assert path_key("/people//x/") == "people/x"


NOTES = [
    NoteNames("model_architectures_in_ai.md", "Model architectures in AI"),
    NoteNames("redpointai.md", "Redpoint AI Podcast", ("Unsupervised Learning",)),
    NoteNames("people/Jonathan Frankle.md", "Jonathan Frankle", ("JF", "Frankle")),
    NoteNames("people/jonathan_frankle_notes.md", "Frankle's notes"),
    NoteNames("archive/people/Jonathan Frankle.md", "Jonathan Frankle (old)"),
    NoteNames("talks/keynote.md", "The Future of AI Architectures"),
    NoteNames("a.md", "Shared title"),
    NoteNames("b.md", "Shared title"),
    NoteNames("named_by_title.md", "redpointai"),  # a title equal to another note's stem
    NoteNames("Zed.md", "Alias clash", ("keynote",)),  # an alias equal to another note's stem
]


#: Targets and the notes of NOTES they lead to.
RESOLUTIONS = [
    # By stem, in any case and with spaces, underscores or hyphens.
    ("redpointai", "redpointai.md"),
    ("RedpointAI", "redpointai.md"),
    ("model architectures in ai", "model_architectures_in_ai.md"),
    ("Model-Architectures-In-AI", "model_architectures_in_ai.md"),
    ("model_architectures_in_ai.md", "model_architectures_in_ai.md"),
    ("keynote", "talks/keynote.md"),  # the stem beats another note's alias
    # By title.
    ("Redpoint AI Podcast", "redpointai.md"),
    ("the future of ai architectures", "talks/keynote.md"),
    ("the_future_of_ai_architectures", "talks/keynote.md"),
    ("Frankle's notes", "people/jonathan_frankle_notes.md"),
    # By alias.
    ("Unsupervised Learning", "redpointai.md"),
    ("unsupervised-learning", "redpointai.md"),
    ("JF", "people/Jonathan Frankle.md"),
    # By path, which beats the shallower same-named stem elsewhere.
    ("people/Jonathan Frankle", "people/Jonathan Frankle.md"),
    ("People/jonathan_frankle", "people/Jonathan Frankle.md"),
    ("people/Jonathan Frankle.md", "people/Jonathan Frankle.md"),
    ("archive/people/Jonathan Frankle", "archive/people/Jonathan Frankle.md"),
    ("people\\Jonathan Frankle", "people/Jonathan Frankle.md"),
    ("people/Jonathan%20Frankle", "people/Jonathan Frankle.md"),
    # A path that matches no folder falls back to the name.
    ("elsewhere/Jonathan Frankle", "people/Jonathan Frankle.md"),
    # By stem, the shallower of two equal stems wins.
    ("Jonathan Frankle", "people/Jonathan Frankle.md"),
    # Two equal titles: the first path wins, every time.
    ("Shared title", "a.md"),
    # Unresolved.
    ("the_future_of_ai_architectures_beyond_transformers", None),
    ("compound_ai_systems_and_their_development", None),
    ("", None),
    ("   ", None),
    ("people/", None),
]


@pytest.mark.parametrize(("target", "path"), RESOLUTIONS)
def test_resolution_by_path_then_stem_then_title_then_alias(target: str, path: str | None) -> None:
    assert LinkResolver(NOTES).resolve(target) == path
    assert LinkResolver(reversed(NOTES)).resolve(target) == path


def tiny_hash(key: str) -> int:
    """A hash of two values, the least and the greatest the tables hold: most keys share it."""
    return (len(key) % 2) * (2**64 - 1)


@pytest.mark.parametrize("hashed", [tiny_hash, lambda _key: 7], ids=["two hashes", "one hash"])
@pytest.mark.parametrize(("target", "path"), RESOLUTIONS)
def test_keys_that_share_a_hash_each_resolve_to_their_own_note(
    monkeypatch: pytest.MonkeyPatch, hashed: Callable[[str], int], target: str, path: str | None
) -> None:
    monkeypatch.setattr(links, "key_hash", hashed)
    assert LinkResolver(NOTES).resolve(target) == path
    assert LinkResolver(reversed(NOTES)).resolve(target) == path


def test_a_key_that_only_shares_a_hash_with_a_name_resolves_to_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(links, "key_hash", lambda _key: 7)
    resolver = LinkResolver([NoteNames("a.md", "Alpha", ("First",)), NoteNames("b.md", "Beta")])
    assert [list(table.hashes) for table in resolver.tables] == [[7, 7], [7, 7], [7, 7], [7]]
    assert resolver.resolve("beta") == "b.md"  # the second of the hash's entries
    assert resolver.resolve("first") == "a.md"
    assert resolver.resolve("b/a") == "a.md"  # no such path: its last part, a stem
    assert resolver.resolve("gamma") is None
    assert resolver.resolve("a/gamma") is None


def test_a_stem_beats_a_title_and_a_title_beats_an_alias() -> None:
    resolver = LinkResolver(
        [
            NoteNames("x/by_alias.md", "Alias owner", ("shared",)),
            NoteNames("x/by_title.md", "shared"),
            NoteNames("x/deep/shared.md", "Stem owner"),
        ]
    )
    assert resolver.resolve("shared") == "x/deep/shared.md"
    title_and_alias = [NoteNames("a.md", "A", ("shared",)), NoteNames("b.md", "shared")]
    assert LinkResolver(title_and_alias).resolve("shared") == "b.md"


def test_the_tables_keep_the_hashes_of_keys_and_the_places_of_notes_not_names() -> None:
    notes = [NoteNames("talks/Scaling_laws.md", "Scaling laws", ("Laws",)), NoteNames("b.md", "B")]
    resolver = LinkResolver(notes)
    assert resolver.notes == (notes[1], notes[0])  # by path: the places are in this order
    assert resolver.notes[0] is notes[1]  # the notes themselves, not copies
    entries = [sorted(zip(table.hashes, table.places, strict=True)) for table in resolver.tables]
    assert entries == [
        sorted([(key_hash("talks/scaling laws"), 1), (key_hash("b"), 0)]),
        sorted([(key_hash("scaling laws"), 1), (key_hash("b"), 0)]),
        sorted([(key_hash("scaling laws"), 1), (key_hash("b"), 0)]),
        [(key_hash("laws"), 1)],
    ]
    for table in resolver.tables:
        assert (table.hashes.typecode, table.places.typecode) == (HASHES, PLACES)
        assert list(table.hashes) == sorted(table.hashes)


@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("aB_- %2f/\\.md")), min_size=1, max_size=12),
        max_size=8,
    )
)
def test_a_path_is_kept_under_the_hash_of_its_path_key(paths: list[str]) -> None:
    # The folder's key is worked out once for its notes, the stem's for the stems' table.
    resolver = LinkResolver(NoteNames(path, "t") for path in dict.fromkeys(paths))
    assert set(resolver.tables[0].hashes) == {key_hash(path_key(path)) for path in paths}


TRICKY = st.text(alphabet=st.sampled_from(list("aB_- %2e/\\.mdMD\t")), max_size=10)


@given(TRICKY, TRICKY, st.booleans())
def test_a_name_written_as_the_note_has_it_is_taken_for_its_key_only_where_it_is(
    path: str, other: str, with_md: bool
) -> None:
    # A link written as a note's path or file is (less its ".md") answers without working out
    # the note's key, unless the two keys differ after all.
    path = path + ".md" if with_md else path
    note = NoteNames(path, "t")
    for written in (other, path, path[:-3]):
        by_path = links._answers_by_path(note, path_key(written), written)
        assert by_path == (path_key(path) == path_key(written))
    stem = path.rpartition("/")[2]
    for written in (other.rpartition("/")[2], stem, stem[:-3]):
        by_stem = links._answers_by_stem(note, name_key(written), written)
        assert by_stem == (name_key(stem) == name_key(written))


def test_key_hashes_are_64_bits_and_the_same_in_every_run() -> None:
    # The folder index keeps the tables: a hash must not change with the process.
    assert key_hash("scaling laws") == 0xE154D04726BBD087
    assert key_hash("") != key_hash(" ")
    assert 0 <= key_hash("\udcff lone surrogate of a file name") < 2**64


@pytest.mark.parametrize(
    "target",
    [
        "../secret",
        "../../etc/passwd",
        "people/../../secret",
        "%2e%2e/secret",
        "%2E%2E%2Fsecret",
        "..\\secret",
        "people/%2e%2e/%2e%2e/secret",
    ],
)
def test_links_that_climb_out_of_the_folder_never_resolve(target: str) -> None:
    # Even though a note named "secret" exists inside: a path that leaves is refused outright.
    resolver = LinkResolver([NoteNames("secret.md", "Secret"), *NOTES])
    assert resolver.resolve(target) is None


@pytest.mark.parametrize(
    ("target", "found"),
    [
        # A path no note of the folder has, nor its last part: nothing.
        ("/etc/passwd", None),
        # The leading slash, a drive or a file URL are not the disk's: the note of the folder
        # the path or its last part names (path, then stem, as for any link).
        ("/secret", "secret.md"),
        ("C:/secret", "secret.md"),
        ("file:///secret", "secret.md"),
    ],
)
def test_absolute_targets_only_ever_name_notes_of_the_folder(
    target: str, found: str | None
) -> None:
    resolver = LinkResolver([NoteNames("secret.md", "Secret")])
    assert resolver.resolve(target) == found
    assert LinkResolver([]).resolve(target) is None


@given(st.text(alphabet=st.sampled_from(list("ab |#\\![]\n_-")), max_size=60))
def test_link_targets_agree_with_parsing_each_link(body: str) -> None:
    expected = tuple(link.target for link in find_wikilinks(body) if link.target)
    assert link_targets(body) == expected


def test_wiki_links_written_as_code_are_not_links() -> None:
    body = "See [[real]].\n\n```\n[[in a block]]\n```\n\nAnd `[[inline]]`, ``[[double]]``.\n"
    assert [link.target for link in find_wikilinks(body)] == ["real"]
    assert link_targets(body) == ("real",)


def test_names_changed_give_the_tables_of_a_resolver_made_anew() -> None:
    before = {
        note.path: note
        for note in (
            NoteNames("a.md", "Shared", ("one",)),
            NoteNames("x/b.md", "Shared", ("one", "two")),
            NoteNames("c.md", "Third"),
        )
    }
    resolver = LinkResolver(before.values())
    assert resolver.resolve("Shared") == "a.md"
    after = {
        note.path: note
        for note in (
            NoteNames("a.md", "Renamed", ("one",)),
            NoteNames("x/b.md", "Shared", ("two",)),
            NoteNames("c.md", "Third", ("one",)),
        )
    }
    renamed, moved = resolver.renamed(before, after, list(after))
    assert renamed.tables == LinkResolver(after.values()).tables
    assert renamed.resolve("Shared") == "x/b.md"  # the note that shared the title, now alone
    assert renamed.resolve("one") == "a.md"  # of two as shallow, the first by path
    assert moved == {"shared", "renamed"}
    assert renamed.tables[:2] == resolver.tables[:2]
    assert all(new is old for new, old in zip(renamed.tables[:2], resolver.tables[:2], strict=True))


NAMES = st.sampled_from(
    ["Shared", "shared", "SHARED-x", "shared_x", "Other", "%53hared", "ß", "ss", ""]
)


@pytest.mark.parametrize("hashed", [key_hash, tiny_hash], ids=["hashes", "two hashes"])
@given(
    st.lists(st.tuples(NAMES, st.lists(NAMES, max_size=2)), min_size=1, max_size=6),
    st.lists(st.tuples(NAMES, st.lists(NAMES, max_size=2)), min_size=1, max_size=6),
)
def test_any_names_changed_resolve_as_a_resolver_made_anew(
    hashed: Callable[[str], int], old: list[tuple[str, list[str]]], new: list[tuple[str, list[str]]]
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(links, "key_hash", hashed)
        names_changed_resolve_as_made_anew(old, new)


def names_changed_resolve_as_made_anew(
    old: list[tuple[str, list[str]]], new: list[tuple[str, list[str]]]
) -> None:
    paths = ["a.md", "b.md", "x/a.md", "x/c.md", "x/y/d.md", "e.md"]
    before = {p: NoteNames(p, t, tuple(a)) for p, (t, a) in zip(paths, old, strict=False)}
    after = dict(before)
    for path, (title, aliases) in zip(before, new, strict=False):
        after[path] = NoteNames(path, title, tuple(aliases))
    resolver = LinkResolver(before.values())
    renamed, moved = resolver.renamed(before, after, list(after))
    made_anew = LinkResolver(after.values())
    assert renamed.tables == made_anew.tables
    names = {name for note in (*before.values(), *after.values()) for name in note.aliases}
    names.update(note.title for note in (*before.values(), *after.values()))
    for target in names | {name_key(name) for name in names}:
        assert renamed.resolve(target) == made_anew.resolve(target)
        if resolver.resolve(target) != made_anew.resolve(target):
            assert name_key(target) in moved


def test_the_names_searched_for_a_key_hold_every_name_with_that_key() -> None:
    names = [f"Note {number}" for number in range(12_000)] + ["NOTE_11-999", "%4Eote 5", "a\nb"]
    found = Folded(names)
    assert found.folded is None  # a line break in a name: every name is a candidate
    assert len(found.places_of("note 5")) == len(names)
    found = Folded(names[:-1])
    places = found.places_of("note 11 999")
    assert {names[place] for place in places} >= {"Note 11999", "NOTE_11-999"}
    assert {place for place in found.places_of("note 5") if name_key(names[place]) == "note 5"} == {
        5,
        12_001,
    }


def test_building_the_tables_keeps_no_key_of_the_names_it_walks() -> None:
    """A name is met as one number (its hash, its note's rank) until the tables are sorted:
    dicts of the keys took 491 bytes a note at the peak here (728 for 50,000 real notes)."""
    notes = [
        NoteNames(f"folder {n % 10}/note_{n:05d}.md", f"Title number {n} about things", aliases)
        for n in range(5000)
        for aliases in [(f"Alias {n}",) * (n % 2)]
    ]
    tracemalloc.start()
    try:
        resolver = LinkResolver(notes)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert resolver.resolve("Alias 7") == "folder 7/note_00007.md"
    assert peak / len(notes) < 320
