"""Back and forward through visited notes, as in a browser."""

from __future__ import annotations

from tests.helpers.history import visits as paths
from viewer.app.history import History, Visit


def visited(*paths: str) -> History:
    history = History()
    for path in paths:
        history.visit(path)
    return history


def test_an_empty_history_has_nowhere_to_go() -> None:
    history = History()
    assert history.current is None
    assert (history.can_go_back(), history.can_go_forward()) == (False, False)
    assert history.back() is None
    assert history.forward() is None


def test_back_and_forward_walk_the_visits_and_stop_at_either_end() -> None:
    history = visited("a.md", "b.md", "c.md")
    assert paths(history) == ["a.md", "b.md", "[c.md]"]
    assert (history.can_go_back(), history.can_go_forward()) == (True, False)
    assert history.forward() is None
    assert history.back() == Visit("b.md")
    assert history.back() == Visit("a.md")
    assert (history.can_go_back(), history.can_go_forward()) == (False, True)
    assert history.back() is None
    assert paths(history) == ["[a.md]", "b.md", "c.md"]
    assert history.forward() == Visit("b.md")
    assert paths(history) == ["a.md", "[b.md]", "c.md"]


def test_visiting_the_note_already_current_adds_no_visit() -> None:
    history = visited("a.md", "a.md", "b.md", "b.md")
    assert paths(history) == ["a.md", "[b.md]"]


def test_a_new_visit_after_going_back_drops_what_was_forward() -> None:
    history = visited("a.md", "b.md", "c.md")
    history.back()
    history.back()
    history.visit("d.md")
    assert paths(history) == ["a.md", "[d.md]"]
    assert not history.can_go_forward()


def test_each_visit_keeps_where_the_reader_was_in_it() -> None:
    history = visited("a.md", "b.md")
    history.current.scroll, history.current.time = 0.5, 12.0  # type: ignore[union-attr]
    history.back()
    assert history.forward() == Visit("b.md", scroll=0.5, time=12.0)
    history.visit("a.md")  # a new visit of a note starts at its top
    assert history.current == Visit("a.md")


def test_a_note_forgotten_loses_every_visit_and_the_reader_stays_where_they_are() -> None:
    history = visited("a.md", "b.md", "c.md", "b.md", "d.md")
    history.back()
    history.back()  # at c.md
    history.forget("b.md")
    assert paths(history) == ["a.md", "[c.md]", "d.md"]
    assert history.back() == Visit("a.md")


def test_when_the_current_note_is_forgotten_the_latest_visit_becomes_current() -> None:
    history = visited("a.md", "b.md", "c.md")
    history.back()
    history.forget("b.md")
    assert paths(history) == ["a.md", "[c.md]"]
    history.forget("a.md")
    history.forget("c.md")
    assert history.current is None
    assert paths(history) == []


def test_forgetting_a_note_keeps_the_reader_on_the_same_visit_of_a_note_seen_twice() -> None:
    history = visited("a.md", "b.md", "c.md", "a.md", "d.md")
    history.back()  # at the second visit of a.md; neither visit of it was scrolled
    history.forget("b.md")
    assert paths(history) == ["a.md", "c.md", "[a.md]", "d.md"]
    assert history.forward() == Visit("d.md")


def test_a_renamed_note_keeps_its_visits_and_their_places() -> None:
    history = visited("a.md", "b.md", "a.md")
    history.current.time = 30.0  # type: ignore[union-attr]
    history.rename("a.md", "sub/a2.md")
    assert paths(history) == ["sub/a2.md", "b.md", "[sub/a2.md]"]
    assert history.current == Visit("sub/a2.md", time=30.0)
    assert history.back() == Visit("b.md")
