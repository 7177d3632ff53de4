"""Reading rendered HTML back with the standard library, to assert on its structure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements that can run code, load something, navigate or restyle the page.
FORBIDDEN_TAGS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
        "button", "textarea", "select", "meta", "base", "link", "style", "svg", "math",
        "template", "noscript", "video", "audio", "source", "isindex",
    }
)  # fmt: skip
FORBIDDEN_SCHEMES = frozenset({"javascript", "data", "vbscript", "file"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Parsed:
    elements: list[Element] = field(default_factory=list)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements named ``tag`` whose attributes include ``attrs`` (``class_`` for class)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.elements
            if element.tag == tag
            and all(element.attrs.get(name) == value for name, value in wanted.items())
        ]

    def with_class(self, tag: str, css: str) -> list[Element]:
        return [
            element
            for element in self.elements
            if element.tag == tag and css in element.attrs.get("class", "").split()
        ]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Parsed()
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.result.elements.append(element)
        if tag not in ("br", "hr", "img", "wbr", "col"):
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.result.elements.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data


def parse_html(html: str) -> Parsed:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.result


def url_scheme(url: str) -> str:
    """The scheme a browser would see: control characters and whitespace dropped, case-folded."""
    cleaned = _INVISIBLE.sub("", url).casefold()
    scheme, colon, _ = cleaned.partition(":")
    return scheme if colon and re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme) else ""


def dangers(html: str) -> list[str]:
    """Everything in ``html`` that could run script or load what it should not, in words."""
    found = []
    for element in parse_html(html).elements:
        if element.tag in FORBIDDEN_TAGS:
            found.append(f"<{element.tag}> element")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"{name} attribute on <{element.tag}>")
            if name in URL_ATTRIBUTES and url_scheme(value) in FORBIDDEN_SCHEMES:
                found.append(f"{name}={value!r} on <{element.tag}>")
            if name == "style" and re.search(r"url\s*\(|expression|@import", value, re.I):
                found.append(f"style={value!r} on <{element.tag}>")
    return found
