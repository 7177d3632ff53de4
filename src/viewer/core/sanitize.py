"""The allowlist every rendered note passes through before it reaches a page.

Rendering already rewrites the links it understands; this is the one choke point that
guarantees nothing from a note can run: no script, no event handler, no ``javascript:`` or
``data:`` link, no frame, form, object, embed or meta refresh. It is deliberately strict: an
element the allowlist does not know is dropped, keeping its text.
"""

from __future__ import annotations

import nh3

from viewer.core.applinks import FILE, SEEK, URL_SCHEMES, SeekLink, parse_link

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
    "a": {"href"},
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


_CLEANER = nh3.Cleaner(
    tags=set(_TAGS),
    clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed"},
    attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    allowed_classes={tag: set(names) for tag, names in _CLASSES.items()},
    filter_style_properties={"text-align"},
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_filter,
)


def sanitize(html: str) -> str:
    """``html`` with everything outside the allowlist removed."""
    return _CLEANER.clean(html)
