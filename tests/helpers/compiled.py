"""The quick switcher's matcher, compiled and as Python (setup.py compiles it with mypyc).

The tests import what the app imports: the compiled modules, which an editable install puts
beside their source. :func:`stale` says which of them are older than their source (a test
would test the old code); :func:`as_python` imports the source itself, apart, for the tests
that look inside a ranking by replacing its methods (compiled code calls its own methods
directly, not through the class) and to check that both agree.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType, SimpleNamespace

import viewer.core

#: The modules compiled (setup.py, COMPILED), as imported.
MODULES = ("viewer.core.fold", "viewer.core.fuzzy", "viewer.core.candidates", "viewer.core.ranking")
CORE = Path(viewer.core.__path__[0])


def compiled_files(name: str) -> list[Path]:
    """The compiled module ``name`` beside its source: none if it was not compiled."""
    short = name.rpartition(".")[2]
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    return [
        CORE / f"{short}{suffix}" for suffix in suffixes if (CORE / f"{short}{suffix}").is_file()
    ]


def stale() -> list[str]:
    """The compiled modules older than their source."""
    return [
        f"{name} ({path.name})"
        for name in MODULES
        for path in compiled_files(name)
        if path.stat().st_mtime < (CORE / f"{name.rpartition('.')[2]}.py").stat().st_mtime
    ]


class _Source(importlib.abc.MetaPathFinder):
    """Finds the modules of :data:`MODULES` as their source files."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MODULES:
            return None
        return importlib.util.spec_from_file_location(
            fullname, CORE / f"{fullname.rpartition('.')[2]}.py"
        )


@contextmanager
def as_python() -> Iterator[SimpleNamespace]:
    """The matcher's modules imported from their source, as ``fold``, ``fuzzy``,
    ``candidates`` and ``ranking``; the modules imported before are back afterwards."""
    saved = {name: sys.modules.pop(name) for name in MODULES if name in sys.modules}
    finder = _Source()
    sys.meta_path.insert(0, finder)
    try:
        modules = {name.rpartition(".")[2]: importlib.import_module(name) for name in MODULES}
        yield SimpleNamespace(**modules)
    finally:
        sys.meta_path.remove(finder)
        for name in MODULES:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        for name, module in saved.items():
            setattr(viewer.core, name.rpartition(".")[2], module)
