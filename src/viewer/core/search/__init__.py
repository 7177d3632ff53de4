"""Full-text search of a notes folder, whose hits are moments of the video.

The API the window, the folder watcher and ``viewer search`` use::

    from viewer.core.search import SearchIndex, build_index, QueryError

    report, notices = build_index(root, progress=on_progress, cancelled=event.is_set)  # worker
    index = SearchIndex(root)                      # on the thread that queries
    results = index.search('"famous bet" OR lstm* title:frankle -gpt', limit=50)
    more = index.search(query, limit=100, offset=100, by_note=True)  # a page of a grouped list
    more.note_hits                                 # hits of each of its notes in all
    counts = index.count(query)                    # hits in all, and in how many notes
    for note in results.notes:                     # hits grouped by note, best note first
        for hit in note.hits:
            hit.snippet.html(), hit.seconds, hit.label, hit.passage, hit.match
            hit.source                                 # "note", or "transcript": said in the video
    index.update("talks/new.md"); index.remove("talks/old.md")   # from the folder watcher
    index.take_notices()                           # "The search index was damaged; …"

``search`` raises :class:`QueryError` (a sentence for the reader) for a query that cannot be
read, and nothing else. :mod:`~viewer.core.search.query` is the query language,
:mod:`~viewer.core.search.index` the index and its choices (where it lives, the tokenizers),
:mod:`~viewer.core.search.build` bringing it up to date with the folder,
:mod:`~viewer.core.search.rows` what a note becomes in it (:mod:`~.plain_notes` its passages,
read the short way), :mod:`~viewer.core.search.spoken` what its transcripts become,
:mod:`~viewer.core.search.statements` the SQL a query becomes,
:mod:`~viewer.core.search.store` the SQLite file, :mod:`~viewer.core.search.hits` the hits
made from the rows found, :mod:`~viewer.core.search.snippets` the highlights, and
:mod:`viewer.core.passages` which timestamp a piece of text belongs to.
"""

from viewer.core.search.index import (
    BuildReport,
    Hit,
    NoteHits,
    SearchCounts,
    SearchIndex,
    SearchResults,
    build_index,
    search_index_path,
)
from viewer.core.search.query import Query, QueryError, parse_query
from viewer.core.search.snippets import Snippet

__all__ = [
    "BuildReport",
    "Hit",
    "NoteHits",
    "Query",
    "QueryError",
    "SearchCounts",
    "SearchIndex",
    "SearchResults",
    "Snippet",
    "build_index",
    "parse_query",
    "search_index_path",
]
