"""The allowlist every rendered note passes through before it reaches a page.

Rendering already rewrites the links it understands; this is the one choke point that
guarantees nothing from a note can run: no script, no event handler, no ``javascript:`` or
``data:`` link, no frame, form, object, embed or meta refresh. It is deliberately strict: an
element the allowlist does not know is dropped, keeping its text.

One attribute is the app's own: ``data-passage``, the id of the passage a block is
(:mod:`viewer.core.passage_blocks`). A note may not write it: :func:`sanitize` removes it
like any unknown attribute, and only :func:`sanitize_with_passage_ids`, for HTML the first has
cleaned and the renderer has then given its ids, lets it through, on the blocks that can be
passages and holding digits only.
"""

from __future__ import annotations

import nh3

from viewer.core.applinks import FILE, SEEK, URL_SCHEMES, SeekLink, parse_link
from viewer.core.passage_blocks import ATTRIBUTE, BLOCK_TAGS

_TAGS = frozenset(
    [
        "a",
        "abbr",
        "article",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    ]
)
_CELL = {"colspan", "rowspan", "style"}
_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    # aria-label: what a screen reader says for a timestamp ("Play from 2:43").
    "a": {"href", "aria-label"},
    "img": {"src", "alt", "width", "height"},
    "th": _CELL,
    "td": _CELL,
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "col": {"span"},
    "colgroup": {"span"},
}
_CLASSES = {
    "a": {
        "timestamp",
        "inert",
        "wikilink",
        "unresolved",
        "embed",
        "external",
        "video-link",
        "footnote-ref",
        "footnote-backref",
        "image-link",
    },
    "article": {"note"},
    "div": {"footnote", "problems", "toc"},
    "dl": {"properties"},
    "h1": {"note-title"},
    "section": {"backlinks", "note-warnings"},
    "span": {"refused"},
}


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """Images load from the folder, never from the network; seek links carry a plain time."""
    if tag == "a" and attribute == "href" and value.lower().startswith(f"{SEEK}:"):
        return value if isinstance(parse_link(value), SeekLink) else None
    if tag == "img" and attribute == "src":
        scheme = value.split(":", 1)[0].strip().lower() if ":" in value else ""
        if value.lstrip().startswith("//") or (scheme and scheme != FILE):
            return None
    return value


_DROPPED_WITH_CONTENT = ("script", "style", "template", "noscript", "iframe", "object", "embed")


def _filter_with_ids(tag: str, attribute: str, value: str) -> str | None:
    if attribute == ATTRIBUTE:
        return value if value.isascii() and value.isdigit() and len(value) <= 9 else None
    return _filter(tag, attribute, value)


def _cleaner(passage_ids: bool) -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in _ATTRIBUTES.items()}
    if passage_ids:
        for tag in BLOCK_TAGS:
            attributes.setdefault(tag, set()).add(ATTRIBUTE)
    return nh3.Cleaner(
        tags=set(_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={tag: set(names) for tag, names in _CLASSES.items()},
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_filter_with_ids if passage_ids else _filter,
    )


_CLEANER = _cleaner(passage_ids=False)
_CLEANER_WITH_IDS = _cleaner(passage_ids=True)


def sanitize(html: str) -> str:
    """``html`` with everything outside the allowlist removed (``data-passage`` too)."""
    return _CLEANER.clean(html)


def sanitize_with_passage_ids(html: str) -> str:
    """:func:`sanitize`, keeping the renderer's ``data-passage="N"`` on passage blocks.

    Only for HTML whose every ``data-passage`` the renderer wrote: the note's own were taken
    out by :func:`sanitize` before the renderer added its ids.
    """
    return _CLEANER_WITH_IDS.clean(html)
