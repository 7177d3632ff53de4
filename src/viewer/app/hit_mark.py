"""A search hit marked in the note pane: its passage found by its id, the hit's words in it
wrapped in ``<mark data-search-hit>``, and scrolled to the middle of the pane.

The renderer gives each passage's block its id (``data-passage="N"``, see
:mod:`viewer.core.passage_blocks`), and the search index stores that id with each hit, so the
hit is found by where it is in the note, not by what it says: a sentence said twice is marked
where the hit is, not at its first copy.

Within the block, the words are found by the letters and digits of the snippet (the index
stores passages as plain text read from the Markdown, and the page is that Markdown rendered:
the two agree on the letters and digits, not on white space, punctuation, emphasis or how a
timestamp reads), folded as the index folds them (case and diacritics), timestamps left out:
the snippet as a whole first, which places a common word at the right one of its occurrences,
then less and less of the text around the match, then the match alone. The words are never
looked for elsewhere in the note: another copy of them is another moment. When they are not in
the block (a passage the page lays out otherwise, or a note changed since it was indexed), the
block itself is marked; when the page has no block with the id, nothing is.
The page's JavaScript is off; this runs in the app's own script world, and its values go in
through ``json.dumps`` only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from viewer.app.note_view import NoteView

if TYPE_CHECKING:
    from viewer.core.search import Hit

#: Marks the match ``start``-``end`` of ``context`` (a snippet's text) in the block of passage
#: ``passage`` (or, failing that, where the article holds it); returns the text marked, or null.
_MARK_HIT = r"""((passage, context, start, end) => {
  for (const old of document.querySelectorAll('mark[data-search-hit]')) {
    const parent = old.parentNode;
    old.replaceWith(...old.childNodes);
    parent.normalize();
  }
  for (const old of document.querySelectorAll('[data-search-hit]')) {
    old.removeAttribute('data-search-hit');
  }
  // The view may have moved on to the next document, with no body yet: nothing to mark.
  const article = document.querySelector('article') || document.body;
  const block = article && Number.isInteger(passage)
    ? article.querySelector(`[data-passage="${passage}"]`) : null;
  const skipped = 'a.timestamp, article > header, section.backlinks, section.note-warnings, '
    + '.problems, script, style';
  // ASCII without a regular expression: a long note has hundreds of thousands of characters.
  const wanted = (c) => {
    const k = c.charCodeAt(0);
    if (k >= 128) return /[\p{L}\p{N}]/u.test(c);
    return (k >= 48 && k <= 57) || (k >= 65 && k <= 90) || (k >= 97 && k <= 122);
  };
  const fold = (c) => c.charCodeAt(0) < 128
    ? c.toLowerCase() : c.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  let needle = '';
  let from = -1;
  let to = -1;
  [...context].forEach((c, i) => {
    if (i === start) from = needle.length;
    if (i === end) to = needle.length;
    if (wanted(c)) needle += fold(c);
  });
  if (from < 0) from = needle.length;
  if (to < 0) to = needle.length;

  // The words wrapped in <mark>s where ``root`` holds them; null when it does not.
  const mark = (root) => {
    if (to <= from) return null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement.closest(skipped)
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const nodes = [];
    let hay = '';
    const where = [];  // for each character of hay: [node, offset, length]
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let offset = 0;  // in UTF-16 units, as the DOM counts
      for (const c of node.data) {
        if (wanted(c)) {
          const folded = fold(c);
          hay += folded;
          for (let k = 0; k < folded.length; k++) where.push([nodes.length, offset, c.length]);
        }
        offset += c.length;
      }
      nodes.push(node);
    }
    let at = -1;
    for (const around of [Infinity, 40, 16, 0]) {
      const lead = Math.min(from, around);
      const piece = needle.slice(from - lead, Math.min(needle.length, to + around));
      const found = hay.indexOf(piece);
      if (found >= 0) { at = found + lead; break; }
    }
    if (at < 0) return null;
    // The match may cross elements (<em>, a link): one mark per text node it touches.
    const first = where[at];
    const last = where[at + (to - from) - 1];
    const marks = [];
    for (let n = last[0]; n >= first[0]; n--) {
      let node = nodes[n];
      const a = n === first[0] ? first[1] : 0;
      const b = n === last[0] ? last[1] + last[2] : node.data.length;
      if (b <= a) continue;
      if (b < node.data.length) node.splitText(b);
      if (a > 0) node = node.splitText(a);
      const wrapper = document.createElement('mark');
      wrapper.setAttribute('data-search-hit', '');
      node.replaceWith(wrapper);
      wrapper.append(node);
      marks.unshift(wrapper);
    }
    return marks.length ? marks : null;
  };

  const marks = block ? mark(block) : null;
  if (marks) {
    marks[0].scrollIntoView({block: 'center'});
    return marks.map((one) => one.textContent).join('');
  }
  if (!block) return null;
  block.setAttribute('data-search-hit', '');  // the passage, when its words are not to be found
  block.scrollIntoView({block: 'center'});
  return block.textContent;
})"""


def mark_hit(view: NoteView, hit: Hit, done: Callable[[str | None], None] | None = None) -> None:
    """Mark ``hit`` in the page on screen and scroll to it; ``done`` gets the text marked, or
    None when the page holds neither its passage nor its words (a note changed since it was
    indexed)."""
    snippet = hit.snippet
    if not snippet.spans:
        if done is not None:
            done(None)
        return
    start, end = snippet.spans[0]
    values = (hit.passage, snippet.text, start, end)
    call = f"{_MARK_HIT}({', '.join(json.dumps(value) for value in values)})"
    view.evaluate(call, lambda value: done(str(value) if value else None) if done else None)
