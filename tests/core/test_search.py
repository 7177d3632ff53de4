"""The folder's full-text index: hits as moments, languages, filters, and a file that breaks."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
import tracemalloc
from pathlib import Path

import pytest

from tests.core.conftest import SAMPLE_NOTE, WriteNote
from viewer.core import timecode
from viewer.core.note import load_note
from viewer.core.render import NoteRenderer
from viewer.core.search import (
    QueryError,
    SearchCounts,
    SearchIndex,
    SearchResults,
    build_index,
    halves,
    plain_notes,
    search_index_path,
)
from viewer.core.search import index as search_index
from viewer.core.search import statements as statements_module
from viewer.core.search.grouped import NoteOrder
from viewer.core.search.index import BATCH_NOTES
from viewer.core.search.rows import CHUNK_CHARS, ROWID_BITS
from viewer.core.search.store import SCHEMA_VERSION, code_key


def ts(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def sample_index(notes_dir: Path, cache: Path) -> SearchIndex:
    shutil.copy(SAMPLE_NOTE, notes_dir / SAMPLE_NOTE.name)
    index = SearchIndex(notes_dir, cache)
    index.build()
    yield index  # type: ignore[misc]
    index.close()


def sql(index: SearchIndex, statement: str) -> tuple[object, ...]:
    """One statement on the index file, through a connection of the test's own."""
    connection = sqlite3.connect(index.path, isolation_level=None)
    try:
        row = connection.execute(statement).fetchone()
        return tuple(row) if row is not None else ()
    finally:
        connection.close()


def found(index: SearchIndex, query: str) -> list[tuple[str, int | None, float | None]]:
    return [(hit.path, hit.passage, hit.seconds) for hit in index.search(query).hits]


def test_a_hit_is_the_moment_of_its_passage(sample_index: SearchIndex) -> None:
    (hit,) = sample_index.search("databricks").hits
    assert hit.path == "model_architectures_in_ai.md"
    assert hit.title == "Model architectures in AI"
    assert (hit.passage, hit.seconds, hit.label) == (1, 0.0, "00:00:00")
    assert hit.snippet.text.startswith("Jonathan Frankle, Chief AI Scientist at Databricks,")
    start, end = hit.snippet.spans[0]
    assert hit.snippet.text[start:end] == "Databricks"
    # "famous bet" closes with [02:43:00]; "maintains confidence" with [02:59:00].
    (bet,) = sample_index.search('"famous bet"').hits
    assert (bet.passage, bet.seconds, bet.label, bet.section) == (
        3, 163.0, "02:43:00", "The Dominance of Transformers"
    )  # fmt: skip
    (confidence,) = sample_index.search('"maintains confidence"').hits
    assert (confidence.passage, confidence.seconds) == (3, 179.0)
    assert confidence.match is not None and confidence.match[0] > bet.match[0]  # type: ignore[index]


def test_hits_are_ranked_and_grouped_by_note(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    write("a.md", f"# A\n\nOne mention of lstm here {ts('00:10')}.\n\nNothing else.\n")
    write("b.md", f"# B\n\nlstm lstm lstm, all lstm {ts('00:20')}.\n\nlstm again {ts('00:30')}.\n")
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        results = index.search("lstm")
        assert results.hits[0].path == "b.md"  # bm25: the denser passage first
        assert [(note.path, len(note.hits)) for note in results.notes] == [("b.md", 2), ("a.md", 1)]
        assert index.search("lstm", limit=1).hits[0].path == "b.md"
        assert len(index.search("lstm", limit=1).hits) == 1


def test_a_sentence_said_twice_is_two_hits_each_with_the_id_of_its_own_block(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    path = write(
        "clock.md",
        "---\nvideoId: 7-3IxVvWoxc\n---\n"
        f"The clock strikes twelve and the pattern turns {ts('00:05')}.\n\n"
        f"Something else entirely {ts('00:30')}.\n\n"
        f"The clock strikes twelve and the pattern turns {ts('01:09')}.\n",
    )
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        hits = index.search('"clock strikes twelve"').hits
    assert sorted((hit.passage, hit.seconds) for hit in hits) == [(0, 5.0), (2, 69.0)]
    # The note pane gives each copy's block the id its hit carries.
    note = load_note(path, notes_dir)
    page = NoteRenderer().render(note, "clock.md", lambda _target: None).html
    for hit in hits:
        block = re.search(rf'<p data-passage="{hit.passage}">(.*?)</p>', page)
        assert block is not None
        assert re.findall(r'href="seek:([0-9.]+)"', block.group(1)) == [f"{hit.seconds:g}"]


def test_a_list_grouped_by_note_is_read_a_page_at_a_time_with_its_counts(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    write("a.md", "".join(f"Paragraph {n} about otters {ts(f'00:{n:02d}')}.\n\n" for n in range(5)))
    write("b.md", "otters otters otters otters, many otters.\n\nOtters again.\n")
    write("c.md", "Nothing here.\n")
    write("d.md", "東京のotters。\n")
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        everything = index.search("otters", limit=100, by_note=True).hits
        # Note after note, the best note first; within a note, best first.
        assert [hit.path for hit in everything] == ["b.md"] * 2 + ["d.md"] + ["a.md"] * 5
        best = index.search("otters", limit=100).hits
        assert [h.passage for h in everything if h.path == "a.md"] == [
            h.passage for h in best if h.path == "a.md"
        ]
        pages = [index.search("otters", 3, offset, by_note=True) for offset in (0, 3, 6)]
        assert [len(page.hits) for page in pages] == [3, 3, 2]
        assert [hit for page in pages for hit in page.hits] == list(everything)
        assert index.search("otters", 3, 9, by_note=True).hits == ()
        assert index.count("otters") == SearchCounts(hits=8, notes=3)
        # A page gives the counts of its notes in all, its hits on that page or not.
        assert [page.note_hits for page in pages] == [
            {"b.md": 2, "d.md": 1},
            {"a.md": 5},
            {"a.md": 5},
        ]
        assert index.search("otters", 100, by_note=True).note_hits == {
            "a.md": 5,
            "b.md": 2,
            "d.md": 1,
        }
        # Unranked (spaced and unspaced words at once), filtered, and filters alone.
        mixed = index.search("東京 OR otters", 100, by_note=True)
        assert [hit.path for hit in mixed.hits] == ["a.md"] * 5 + ["b.md"] * 2 + ["d.md"]
        assert mixed.note_hits == {"a.md": 5, "b.md": 2, "d.md": 1}
        assert [h.path for h in index.search("東京 OR otters", 2, 6, by_note=True).hits] == [
            "b.md",
            "d.md",
        ]
        assert index.count("東京 OR otters") == SearchCounts(8, 3)
        assert index.count("otters -title:b") == SearchCounts(6, 2)
        assert index.search("otters -title:b", 10, by_note=True).note_hits == {
            "a.md": 5,
            "d.md": 1,
        }
        assert index.count("東京") == SearchCounts(1, 1)
        assert index.count("title:a OR title:c") == SearchCounts(2, 2)
        assert index.search("title:a OR title:c", 10, by_note=True).note_hits == {
            "a.md": 1,
            "c.md": 1,
        }
        assert [h.path for h in index.search("title:a OR title:c", 1, 1).hits] == ["c.md"]
        assert index.count("wombats") == SearchCounts(0, 0)
        with pytest.raises(QueryError):
            index.count('"unclosed')


def test_the_next_page_and_the_counts_rank_only_the_notes_they_list(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    for n in range(12):
        write(f"n{n:02}.md", "".join(f"Otters {k} of note {n}.\n\n" for k in range(n % 3 + 1)))
    with SearchIndex(notes_dir, cache) as index, SearchIndex(notes_dir, cache) as other:
        index.build()
        statements: list[str] = []
        index._connection.set_trace_callback(statements.append)
        first = index.search("otters", 5, 0, by_note=True)
        assert first.note_hits and sum(1 for s in statements if "rank" in s) == 2
        # The counts and the next page come from the order the first page was read from:
        # the only passages ranked are those of the notes on the page.
        statements.clear()
        assert index.count("otters") == SearchCounts(24, 12)
        second = index.search("otters", 5, 5, by_note=True)
        ranked = [s for s in statements if "rank" in s]
        assert len(ranked) == 1 and "rowid BETWEEN" in ranked[0]
        assert not set(first.hits) & set(second.hits)
        # Another window's change to the index (a note gone) is seen at the next query.
        (notes_dir / "n05.md").unlink()
        assert other.update("n05.md")
        assert index.count("otters") == SearchCounts(21, 11)
        whole = index.search("otters", 100, by_note=True)
        assert len(whole.hits) == 21 and "n05.md" not in whole.note_hits
        # And so is its own.
        write("n05.md", "Otters again.\n")
        assert index.update("n05.md")
        assert index.count("otters") == SearchCounts(22, 12)


def test_a_big_folder_s_notes_are_ranked_in_two_halves_at_once_as_in_one_piece(
    notes_dir: Path, cache: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(30):
        text = "".join(
            f"Otters {'otters ' * (k * n % 4)}{k} in note {n}.\n\n" for k in range(n % 4 + 1)
        )
        write(f"n{n:02}.md", text)
    queries = ["otters", "otters note", "title:n1 otters", "otters -title:n2"]
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        looks: list[SearchResults] = []
        whole = [index.search(q, 200, by_note=True, early=looks.append) for q in queries]
        counts = [index.count(q) for q in queries]
        assert not [t for t in threading.enumerate() if t.name.startswith("viewer-search")]
        assert looks == []  # ranked at once: no first look
    monkeypatch.setattr(halves, "SPLIT_NOTES", 10)
    monkeypatch.setattr(halves, "FIRST_LOOK_NOTES", 6)
    with SearchIndex(notes_dir, cache) as index:
        assert [index.search(q, 200, by_note=True, early=looks.append) for q in queries] == whole
        assert [index.count(q) for q in queries] == counts
        # A first look at each query: its first notes (1 to 5) alone, with their hits in all.
        first = index._connection.execute("SELECT path FROM notes WHERE id < 6").fetchall()
        assert len(looks) == len(queries) and looks[0].hits
        for look, all_of_it in zip(looks, whole, strict=True):
            assert {hit.path for hit in look.hits} <= {path for (path,) in first}
            assert [h for h in all_of_it.hits if h.path in look.note_hits] == list(look.hits)
            assert look.note_hits.items() <= all_of_it.note_hits.items()
        # The second half was ranked in the second reader's thread.
        assert [t for t in threading.enumerate() if t.name.startswith("viewer-search")]
        # Pages of 7, each past the notes kept for the one before: the same list.
        monkeypatch.setattr(search_index, "KEPT_PAGES", 1)
        monkeypatch.setattr(search_index, "DEFAULT_LIMIT", 1)
        pages = [index.search("otters", 7, offset, by_note=True) for offset in range(0, 80, 7)]
        assert [hit for page in pages for hit in page.hits] == list(whole[0].hits)
    assert not [t for t in threading.enumerate() if t.name.startswith("viewer-search")]


@pytest.mark.parametrize("split", [False, True])
def test_an_older_sqlite_counts_the_notes_in_all_by_a_window_with_the_same_results(
    notes_dir: Path, cache: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch, split: bool
) -> None:
    for n in range(30):
        text = "".join(
            f"Otters {'otters ' * (k * n % 4)}{k} in note {n}.\n\n" for k in range(n % 4 + 1)
        )
        write(f"n{n:02}.md", text + ("東京の川のカワウソ otters\n" if n % 5 == 0 else ""))
    queries = ["otters", "otters note", "title:n01 otters", "otters -title:n02", "カワウソ otters"]
    if split:
        monkeypatch.setattr(halves, "SPLIT_NOTES", 10)

    def searched() -> tuple[list[tuple[SearchResults, SearchCounts]], str]:
        with SearchIndex(notes_dir, cache) as index:
            index.build()
            statements: list[str] = []
            index._connection.set_trace_callback(statements.append)
            found = [(index.search(q, 200, by_note=True), index.count(q)) for q in queries]
            return found, " ".join(statements)

    newer, statements = searched()
    assert "AS MATERIALIZED" in statements and "OVER ()" not in statements
    monkeypatch.setattr(statements_module, "MATERIALIZED_SINCE", (99, 0, 0))
    older, statements = searched()
    assert "AS MATERIALIZED" not in statements and "OVER ()" in statements
    assert older == newer
    assert all(results.hits and counts.hits for results, counts in newer)


def test_halves_split_the_notes_by_id_and_merge_their_best_notes() -> None:
    assert halves.halves(halves.SPLIT_NOTES - 1) == [halves.ALL]
    (first, second) = halves.halves(9_999)
    assert first == (0, 5_000 << ROWID_BITS) and second == (5_000 << ROWID_BITS, 1 << 62)
    # Each half: note, hits, best rank, notes and hits of that half in all.
    low = [(1, 2, -9.0, 3, 6), (4, 1, -5.0, 3, 6), (2, 3, -1.0, 3, 6)]
    high = [(7, 2, -7.0, 2, 3), (8, 1, -5.0, 2, 3)]
    order = NoteOrder.merged([low, high], keep=4)
    assert list(order.notes) == [1, 7, 4, 8] and list(order.counts) == [2, 2, 1, 1]
    assert (order.notes_in_all, order.hits_in_all) == (5, 9)
    assert list(order.starts) == [0, 2, 4, 5, 6] and not order.complete
    assert order.covers(6) and not order.covers(7)
    assert order.page(3, 2) == (1, [7, 4], 1)
    assert NoteOrder.merged([[], []], keep=4).complete


def test_words_phrases_prefixes_or_not_and_filters(
    sample_index: SearchIndex, write: WriteNote
) -> None:
    write(
        "people/other.md",
        "---\ntitle: Another Talk\ntags: [hardware, ai]\n---\n\nTransformers and chips.\n",
    )
    sample_index.build()
    assert {p for p, _, _ in found(sample_index, "transformers")} == {
        "model_architectures_in_ai.md",
        "people/other.md",
    }
    assert found(sample_index, "transformers chips") == [("people/other.md", 0, None)]
    assert len(found(sample_index, "archi*")) == 8
    assert found(sample_index, "archi") == []
    assert {n for _, n, _ in found(sample_index, "lstms OR chips")} == {0, 5, 6, 8}
    lstm_free = found(sample_index, "transformers NOT lstms")
    kept = {n for p, n, _ in lstm_free if p == "model_architectures_in_ai.md"}
    assert kept and not kept & {5, 6, 8}
    assert found(sample_index, "transformers -lstms") == lstm_free
    assert {p for p, _, _ in found(sample_index, "transformers title:another")} == {
        "people/other.md"
    }
    assert {p for p, _, _ in found(sample_index, "transformers -title:another")} == {
        "model_architectures_in_ai.md"
    }
    assert found(sample_index, "transformers tag:hardware") == [("people/other.md", 0, None)]
    # A filter alone lists the notes it keeps.
    (note,) = sample_index.search("tag:hardware").hits
    assert (note.path, note.passage, note.seconds) == ("people/other.md", None, None)
    assert [h.path for h in sample_index.search("title:model OR title:another").hits] == [
        "model_architectures_in_ai.md",
        "people/other.md",
    ]


def test_diacritics_and_case_are_folded(notes_dir: Path, cache: Path, write: WriteNote) -> None:
    write("a.md", f"Un café à Zürich {ts('01:00')}.\n")
    write("b.md", "A plain CAFE in Zurich.\n")
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        assert {h.path for h in index.search("cafe").hits} == {"a.md", "b.md"}
        assert {h.path for h in index.search("Café").hits} == {"a.md", "b.md"}
        assert {h.path for h in index.search("zur*").hits} == {"a.md", "b.md"}
        hit = next(h for h in index.search("cafe").hits if h.path == "a.md")
        start, end = hit.snippet.spans[0]
        assert hit.snippet.text[start:end] == "café"
        assert hit.seconds == 60.0


def test_the_index_folds_as_the_search_box_does(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    """SQLite's own folding keeps ß, ligatures and wide forms, which a query's words no longer
    have: the index stores the text folded by the same rule (viewer.core.fold)."""
    write("street.md", f"Die Straße ist lang {ts('01:00')}.\n")
    write("plain.md", "Eine Strasse ohne Eszett.\n")
    write("ligature.md", "The ﬁnancial report.\n")
    write("wide.md", "Ｆｕｌｌ width letters.\n")
    write("turkish.md", "---\ntitle: İstanbul notes\ntags: [Größe]\n---\nA city.\n")
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        for query in ("strasse", "Straße", "STRASSE"):
            assert {h.path for h in index.search(query).hits} == {"street.md", "plain.md"}
        assert [h.path for h in index.search("financial").hits] == ["ligature.md"]
        assert [h.path for h in index.search("ﬁnancial").hits] == ["ligature.md"]
        assert [h.path for h in index.search("full").hits] == ["wide.md"]
        assert [h.path for h in index.search("title:istanbul").hits] == ["turkish.md"]
        assert [h.path for h in index.search("tag:grosse").hits] == ["turkish.md"]
        # Shown as written, the match marked where it stands in that text.
        hit = next(h for h in index.search("strasse").hits if h.path == "street.md")
        assert hit.snippet.text == "Die Straße ist lang."
        start, end = hit.snippet.spans[0]
        assert hit.snippet.text[start:end] == "Straße"
        assert hit.seconds == 60.0
        (wide,) = index.search("full").hits
        start, end = wide.snippet.spans[0]
        assert wide.snippet.text[start:end] == "Ｆｕｌｌ"


JAPANESE = (
    "---\ntitle: 東京の話\ntags: [日本]\n---\n\n"
    f"東京タワーに行きました {ts('01:02')}。Transformerは強いです {ts('02:00')}。\n\n"
    "京都は静かでした。\n"
)


def test_japanese_is_found_inside_sentences(notes_dir: Path, cache: Path, write: WriteNote) -> None:
    write("ja.md", JAPANESE)
    write("en.md", "Tokyo tower, in English.\n")
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        (hit,) = index.search("東京タワー").hits  # three characters or more: the trigram index
        assert (hit.path, hit.passage, hit.seconds) == ("ja.md", 0, 62.0)
        assert hit.snippet.text[slice(*hit.snippet.spans[0])] == "東京タワー"
        (short,) = index.search("東京").hits  # two characters: scanned, still found
        assert (short.passage, short.seconds) == (0, 62.0)
        (latin,) = index.search("transformer").hits  # a word written against Japanese text
        assert (latin.path, latin.seconds) == ("ja.md", 120.0)
        (later,) = index.search("京都").hits  # no timestamp in its passage: the latest before
        assert (later.passage, later.seconds) == (1, 120.0)
        assert [h.passage for h in index.search("東京 transformer").hits] == [0]
        assert [h.passage for h in index.search("京都 OR tokyo").hits] == [0, 1]
        assert [h.passage for h in index.search("東京タワー -transformer").hits] == []
        assert [h.path for h in index.search("title:東京").hits] == ["ja.md"]
        assert [h.path for h in index.search("tag:日本").hits] == ["ja.md"]
        assert index.search("大阪").hits == ()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"famous bet', "quote is not closed"),
        ("OR", "needs words to join"),
        ("AND", "needs words to join"),
        ("NOT OR", "needs words to join"),
        ("lstm OR", "OR needs a word on each side"),
        ("OR lstm", "OR needs a word on each side"),
        ("NOT", "needs words to join"),
        ("lstm NOT", "NOT needs a word after it"),
        ("NOT lstm", "not only what to leave out"),
        ("-lstm", "not only what to leave out"),
        ("x" * 501, "too long"),
        ("lstm\x00", "NUL"),
        ("?!… --- ***", "no letters or digits"),
        ("*", "no letters or digits"),
        ("", "Type a word"),
        ("   ", "Type a word"),
        ("title:", "needs something after it"),
        ("ar*ch", "'*' goes at the end of a word"),
        ("a OR -b", "NOT cannot be one side of OR"),
        (" ".join(["w"] * 30), "too many words"),
        ("lstm OR title:x", "OR joins words"),
    ],
)
def test_a_malformed_query_gets_a_sentence(
    sample_index: SearchIndex, query: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message) as raised:
        sample_index.search(query)
    assert str(raised.value).endswith(".")


def test_a_20_mb_note_and_a_note_of_100000_words(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    line = "filler text of a very long note " * 3 + "\n"
    write("huge.md", "needle at the start\n\n" + line * (20_000_000 // len(line)) + "needle late\n")
    words = " ".join(f"word{n % 997}" for n in range(100_000))
    write("long.md", f"{words} haystackend {ts('10:00')} tail words\n")
    with SearchIndex(notes_dir, cache) as index:
        report = index.build()
        assert report.indexed == 2
        # As in the note pane, only the first 1 MB of the 20 MB note is read.
        assert [h.passage for h in index.search("needle").hits] == [0]
        (hit,) = index.search("haystackend").hits
        assert (hit.path, hit.passage, hit.seconds) == ("long.md", 0, 600.0)
        assert len(hit.snippet.text) < 300
        assert hit.match is not None and hit.match[0] > 500_000
        assert index.search("word5").hits[0].seconds == 600.0  # the whole paragraph's timestamp
        longest = sql(index, "SELECT max(length(text)) FROM passages")
        assert longest[0] <= CHUNK_CHARS


def test_the_index_lives_in_the_cache_folder_never_in_the_notes(sample_index: SearchIndex) -> None:
    root = sample_index.root
    assert sample_index.path.is_file()
    assert sample_index.path == search_index_path(root, sample_index.path.parent.parent)
    assert sorted(p.name for p in root.rglob("*")) == ["model_architectures_in_ai.md"]
    default = search_index_path(root)
    assert default.parent == Path(os.environ["XDG_CACHE_HOME"]) / "viewer" / "search"


@pytest.mark.allow_log(r"^The cache folder is inside the notes folder")
def test_a_cache_folder_inside_the_notes_folder_is_not_written(
    notes_dir: Path, write: WriteNote
) -> None:
    write("a.md", "Some text.\n")
    with SearchIndex(notes_dir, notes_dir / ".cache") as index:
        assert "kept in memory" in index.take_notices()[0]
        index.build()
        assert [h.path for h in index.search("text").hits] == ["a.md"]
    assert sorted(p.name for p in notes_dir.rglob("*")) == ["a.md"]


@pytest.mark.allow_log(r"^The search index (was damaged \(.*\)|file was removed); it is rebuilt\.$")
def test_a_damaged_index_file_is_replaced_and_rebuilt(
    sample_index: SearchIndex, cache: Path
) -> None:
    path = sample_index.path
    sample_index.close()
    path.write_bytes(b"this is not a database" * 1000)
    with SearchIndex(sample_index.root, cache) as index:
        assert "damaged" in index.take_notices()[0]
        assert index.search("databricks").hits == ()
        assert index.build().indexed == 1
        assert len(index.search("databricks").hits) == 1


def corrupt(path: Path) -> None:
    with open(path, "r+b") as file:
        file.seek(0)
        file.write(b"\xff" * 200_000)  # the header and the pages after it


@pytest.mark.allow_log(r"^The search index (was damaged \(.*\)|file was removed); it is rebuilt\.$")
def test_an_index_file_corrupted_while_open_is_rebuilt(
    sample_index: SearchIndex, cache: Path
) -> None:
    sql(sample_index, "PRAGMA wal_checkpoint(TRUNCATE)")
    with SearchIndex(sample_index.root, cache) as window:  # open, nothing read yet
        corrupt(window.path)
        assert window.search("databricks").hits == ()
        assert "damaged" in " ".join(window.take_notices())
        assert window.build().indexed == 1
        assert len(window.search("databricks").hits) == 1
    # The other window, which had it open all along, follows to the new file.
    assert len(sample_index.search("databricks").hits) == 1
    assert sample_index.take_notices() == ["The search index file was removed; it is rebuilt."]


@pytest.mark.allow_log(r"^The search index (was damaged \(.*\)|file was removed); it is rebuilt\.$")
def test_a_file_corrupted_under_another_window_is_replaced_there_too(
    sample_index: SearchIndex, cache: Path
) -> None:
    sql(sample_index, "PRAGMA wal_checkpoint(TRUNCATE)")
    corrupt(sample_index.path)
    with SearchIndex(sample_index.root, cache) as window:
        assert "damaged" in window.take_notices()[0]
        window.build()
    assert len(sample_index.search("databricks").hits) == 1
    assert sample_index.take_notices() == ["The search index file was removed; it is rebuilt."]


@pytest.mark.allow_log(r"^The search index (was damaged \(.*\)|file was removed); it is rebuilt\.$")
def test_an_index_file_deleted_while_open_is_rebuilt(sample_index: SearchIndex) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(sample_index.path) + suffix).unlink(missing_ok=True)
    assert sample_index.search("databricks").hits == ()
    assert sample_index.take_notices() == ["The search index file was removed; it is rebuilt."]
    assert sample_index.build().indexed == 1
    assert sample_index.path.is_file()
    assert len(sample_index.search("databricks").hits) == 1


#: A time long past: a file changed in the last two seconds is read again at each build.
SETTLED_NS = 1_700_000_000 * 10**9


def settled(path: Path) -> Path:
    os.utime(path, ns=(SETTLED_NS, SETTLED_NS))
    return path


def many_notes(write: WriteNote, count: int) -> None:
    for number in range(count):
        settled(write(f"n{number:03d}.md", f"Note {number} about common things {ts('00:01')}.\n"))


def test_notes_changing_and_disappearing_while_indexing(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    count = BATCH_NOTES * 2 + 50
    many_notes(write, count)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == BATCH_NOTES:  # the first batch is stored; the others are not read yet
            (notes_dir / f"n{count - 1:03d}.md").unlink()  # vanishes before it is read
            settled(write(f"n{count - 2:03d}.md", "Rewritten with a fresh word: zanzibar.\n"))
            changed = write("n000.md", "Changed after it was read: quokka.\n")
            os.utime(changed, ns=(SETTLED_NS + 10**9, SETTLED_NS + 10**9))

    with SearchIndex(notes_dir, cache) as index:
        report = index.build(progress)
        assert seen[0] == (0, count) and seen[-1] == (count, count)
        assert report.indexed == count - 1 and report.removed == 0
        assert [h.path for h in index.search("zanzibar").hits] == [f"n{count - 2:03d}.md"]
        assert index.search(f'"note {count - 1}"').hits == ()
        assert index.search("quokka").hits == ()  # read before it changed …
        again = index.build()
        assert again.indexed == 1  # … and read again on the next build
        assert [h.path for h in index.search("quokka").hits] == ["n000.md"]
        assert len(index.stamps()) == count - 1


def test_a_build_can_be_cancelled_and_resumed(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    many_notes(write, BATCH_NOTES * 3)
    stop = threading.Event()
    with SearchIndex(notes_dir, cache) as index:
        report = index.build(lambda done, total: stop.set() if done else None, stop.is_set)
        assert report.cancelled and report.indexed == BATCH_NOTES
        assert len(index.stamps()) == BATCH_NOTES
        rest = index.build()
        assert not rest.cancelled and rest.indexed == BATCH_NOTES * 2
        assert len(index.search("common", limit=1000).hits) == BATCH_NOTES * 3


def test_a_build_lets_go_of_the_times_and_link_texts_it_remembered(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    """Remembered while the notes are read (a folder repeats them), then let go: a folder of
    50,000 notes left 10,000 times and their texts for the rest of the session."""
    for number in range(BATCH_NOTES + 10):
        minutes = f"{number // 60:02d}:{number % 60:02d}"
        write(f"n{number:03d}.md", f"About [[Note {number}]] at {ts(minutes)}.\n")
    remembered: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        remembered.append((len(timecode._REMEMBERED), len(plain_notes._LINK_TEXTS)))

    with SearchIndex(notes_dir, cache) as index:
        index.build(progress)
        assert remembered[1] >= (BATCH_NOTES, BATCH_NOTES)  # after the first batch
        assert (len(timecode._REMEMBERED), len(plain_notes._LINK_TEXTS)) == (0, 0)
        assert index.search("Note 7").hits


def test_a_build_keeps_nothing_of_the_unchanged_notes_while_it_reads(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    """What the index holds of a note is looked at a row at a time: a record of each one,
    kept through the build, took 238 bytes a note (12 MB at 50,000 notes, left as holes)."""
    count = 2000
    for number in range(count):
        settled(write(f"n{number:04d}.md", f"Note {number}.\n"))
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        settled(write("n0007.md", "Changed.\n"))
        kept: list[int] = []
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            report = index.build(
                lambda done, total: kept.append(tracemalloc.get_traced_memory()[0] - base)
            )
        finally:
            tracemalloc.stop()
        assert (report.indexed, report.total) == (1, count)
        assert kept and max(kept) / count < 20


def test_a_bulk_build_leaves_the_file_as_later_writes_expect(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    """A build of many notes neither merges FTS5's segments as it goes nor waits for the disk;
    once it ends, even cancelled, the index's later writes do both again."""
    many_notes(write, BATCH_NOTES * 3)
    stop = threading.Event()
    during: list[tuple[object, ...]] = []
    automerge = "SELECT v FROM passages_config WHERE k = 'automerge'"

    def progress(done: int, _total: int) -> None:
        if done:
            during.append(sql(index, automerge))
            stop.set()

    with SearchIndex(notes_dir, cache) as index:
        assert index.build(progress, stop.is_set).cancelled
        assert during and set(during) == {(0,)}
        assert sql(index, automerge) == (4,)
        assert index._connection.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
        rest = index.build()
        assert rest.indexed == BATCH_NOTES * 2
        assert sql(index, automerge) == (4,)
        for table in ("passages", "names"):  # merged into one segment at the end
            (segments,) = sql(index, f"SELECT count(DISTINCT segid) FROM {table}_idx")
            assert segments == 1
        assert len(index.search("common", limit=1000).hits) == BATCH_NOTES * 3


def test_one_note_is_added_updated_and_removed(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        path = settled(write("new.md", f"A fresh idea {ts('00:05')}.\n"))
        assert index.update("new.md") is True
        assert index.update("new.md") is False  # unchanged: not read again
        assert [h.seconds for h in index.search("fresh").hits] == [5.0]
        path.write_text("A different idea.\n", encoding="utf-8")
        os.utime(path, ns=(SETTLED_NS + 10**9, SETTLED_NS + 10**9))
        assert index.update("new.md") is True
        assert index.search("fresh").hits == ()
        assert [h.seconds for h in index.search("different").hits] == [None]
        path.unlink()
        assert index.update("new.md") is True  # gone: forgotten
        assert index.search("different").hits == ()
        write("other.md", "Other words.\n")
        index.update("other.md")
        assert index.remove("other.md") is True
        assert index.remove("other.md") is False
        assert index.update("../outside.md") is False
        write(".hidden/secret.md", "Hidden words.\n")
        write("notes.txt", "Text words.\n")
        assert index.update(".hidden/secret.md") is False
        assert index.update("notes.txt") is False
        assert index.search("words").hits == ()


def test_two_windows_on_the_same_folder(notes_dir: Path, cache: Path, write: WriteNote) -> None:
    many_notes(write, BATCH_NOTES * 3)
    with SearchIndex(notes_dir, cache) as first, SearchIndex(notes_dir, cache) as second:
        assert first.path == second.path
        errors: list[BaseException] = []
        searched: list[int] = []

        def search_meanwhile() -> None:
            try:
                with SearchIndex(notes_dir, cache) as reader:
                    for _ in range(20):
                        searched.append(len(reader.search("common", limit=1000).hits))
            except BaseException as error:  # reported to the test below
                errors.append(error)

        reader = threading.Thread(target=search_meanwhile)
        reader.start()
        reports = []
        builders = [
            threading.Thread(target=lambda: reports.append(build_index(notes_dir, cache)))
            for _ in range(2)
        ]
        for thread in builders:
            thread.start()
        for thread in [*builders, reader]:
            thread.join()
        assert errors == []
        assert all(count <= BATCH_NOTES * 3 for count in searched)
        assert sorted(report.indexed for report, _ in reports)[-1] > 0
        assert all(notices == [] for _, notices in reports)
        assert len(first.search("common", limit=1000).hits) == BATCH_NOTES * 3
        write("late.md", "A late note about wombats.\n")
        first.update("late.md")
        assert [h.path for h in second.search("wombats").hits] == ["late.md"]
        rows = sql(second, "SELECT count(*) FROM notes")[0]
        assert rows == BATCH_NOTES * 3 + 1  # no note stored twice


def test_snippets_are_safe_to_show_as_html(notes_dir: Path, cache: Path, write: WriteNote) -> None:
    write("a.md", "Beware &lt;script&gt;alert(1)&lt;/script&gt; and the <b>bold</b> tag.\n")
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        (hit,) = index.search("alert").hits
        assert hit.snippet.text == "Beware <script>alert(1)</script> and the bold tag."
        assert hit.snippet.html() == (
            "Beware &lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; and the bold tag."
        )
        assert (
            hit.snippet.marked("[", "]") == "Beware <script>[alert](1)</script> and the bold tag."
        )


def test_an_index_of_another_version_is_rebuilt(sample_index: SearchIndex, cache: Path) -> None:
    sql(sample_index, "PRAGMA user_version = 999")
    sample_index.close()
    with SearchIndex(sample_index.root, cache) as index:
        assert index.search("databricks").hits == ()
        index.build()
        assert len(index.search("databricks").hits) == 1
    version = sqlite3.connect(sample_index.path).execute("PRAGMA user_version").fetchone()
    assert version == (SCHEMA_VERSION,)


def test_an_index_written_by_other_code_is_rebuilt(sample_index: SearchIndex, cache: Path) -> None:
    # Its passages and their ids may not be those this code finds: the note pane would mark
    # other blocks than the hits'.
    assert sql(sample_index, "SELECT value FROM meta WHERE key = 'code'") == (code_key(),)
    sql(sample_index, "UPDATE meta SET value = 'older code' WHERE key = 'code'")
    sample_index.close()
    with SearchIndex(sample_index.root, cache) as index:
        assert index.search("databricks").hits == ()
        index.build()
        assert len(index.search("databricks").hits) == 1
    assert sql(sample_index, "SELECT value FROM meta WHERE key = 'code'") == (code_key(),)


def test_a_label_of_any_text_is_given_back_as_written(
    notes_dir: Path, cache: Path, write: WriteNote
) -> None:
    odd = '<a class="yt-timestamp" data-t="at 1; or so">[01:30]</a>'
    write("a.md", f"Odd label {odd}. Plain {ts('02:00')}.\n\nAfter.\n")
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        assert [(h.seconds, h.label) for h in index.search("odd").hits] == [(90.0, "at 1; or so")]
        assert [(h.seconds, h.label) for h in index.search("plain").hits] == [(120.0, "02:00")]
        assert [(h.seconds, h.label) for h in index.search("after").hits] == [(120.0, "02:00")]


@pytest.mark.allow_log(r"^The search index (was damaged \(.*\)|file was removed); it is rebuilt\.$")
def test_tables_that_are_not_ours_are_replaced(sample_index: SearchIndex) -> None:
    other = sqlite3.connect(sample_index.path)
    other.execute("DROP TABLE notes")
    other.commit()
    other.close()
    assert sample_index.search("databricks").hits == ()
    assert "damaged (no such table: notes)" in sample_index.take_notices()[0]
    sample_index.build()
    assert len(sample_index.search("databricks").hits) == 1
