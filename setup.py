"""The packages of the wheel and the sdist: the code under src/, the sample notes from notes/,
and the quick switcher's matcher compiled.

The sample notes live once, in the top-level ``notes/`` folder, and ship as the package
``viewer.notes`` (each subfolder, media/ and people/, a namespace package of its own), where
``viewer.resources.bundled_notes`` finds them through ``importlib.resources``. Everything else
is in pyproject.toml; this mapping is here because its package discovery only looks in src/.

The modules of :data:`COMPILED` are compiled to C extensions with mypyc, from the same typed
source (a build requirement in pyproject.toml): ranking a key typed into the quick switcher
over 50,000 notes then takes half the time, or less. They stay plain Python modules as well:
a build without mypyc (``--no-build-isolation`` where it is not installed, as the Flatpak's)
or without a C compiler installs them as they are, and they work the same, slower. An
editable install (``scripts/bootstrap``) compiles them beside their source, where Python
prefers them: ``tests/conftest.py`` says so when one is older than its source.
"""

from __future__ import annotations

import os
import sys

from setuptools import Extension, find_namespace_packages, setup

CODE = find_namespace_packages("src", include=["viewer*"], exclude=["*.__pycache__"])
# Namespace packages: a notes subfolder added later comes along with the others.
NOTES = ["viewer.notes"] + [
    f"viewer.notes.{name}" for name in find_namespace_packages("notes", exclude=["*__pycache__"])
]

#: Compiled with mypyc, in one group (calls between them are C calls): the quick switcher's
#: folding, matching and ranking, which work through every note's names for each key.
COMPILED = [
    "src/viewer/core/fold.py",
    "src/viewer/core/fuzzy.py",
    "src/viewer/core/candidates.py",
    "src/viewer/core/ranking.py",
]
#: The group's shared library is the top-level module ``viewer_compiled__mypyc``: a fixed
#: name, which packaging/viewer.spec names for PyInstaller (it cannot see the import).
GROUP = "viewer_compiled"


def compiled() -> list[Extension]:
    """:data:`COMPILED` as C extensions, or none if mypyc is not there or not wanted
    (``VIEWER_PURE=1``). Each is optional: one that does not compile is left out, with a
    warning, and its module stays Python."""
    if os.environ.get("VIEWER_PURE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    try:
        extensions = mypycify(COMPILED, opt_level="3", group_name=GROUP)
    except (Exception, SystemExit) as error:  # mypyc could not make C of them: Python it is
        print(f"setup.py: the matcher stays Python, mypyc failed: {error!r}", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True
    return extensions


setup(
    packages=CODE + NOTES,
    package_dir={"": "src", "viewer.notes": "notes"},
    ext_modules=compiled(),
)
