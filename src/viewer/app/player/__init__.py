"""The video pane: one interface (:mod:`.base`), a backend per kind of player."""
