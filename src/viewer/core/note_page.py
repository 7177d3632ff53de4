"""The page the note pane shows: a rendered note in a document that runs nothing."""

from __future__ import annotations

from viewer.core.applinks import FILE

#: No script of any kind, nothing remote: only the app's own files and inline styles.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; img-src {FILE}: data:; media-src {FILE}:; "
    "style-src 'unsafe-inline'; font-src 'none'; script-src 'none'; object-src 'none'; "
    "frame-src 'none'; form-action 'none'; base-uri 'none'"
)


def note_document(article: str, css: str, theme: str = "light") -> str:
    """A complete page for the note pane around already sanitized ``article`` HTML, in the
    ``light`` or ``dark`` theme (anything else is light)."""
    theme = theme if theme in ("light", "dark") else "light"
    return (
        "<!DOCTYPE html>"
        f'<html data-theme="{theme}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        f"<style>{css}</style></head><body>{article}</body></html>"
    )
