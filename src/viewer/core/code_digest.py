"""A digest of the app's own code that a module reaches: it changes whenever that code does.

Whatever is stored from what the code computed (the index cache) is keyed on it, so a changed
parser never meets rows an older one wrote, and nobody has to remember to bump a number.

Each module counts by its source where there is one (a checkout, a wheel) and by its compiled
code where there is not (a PyInstaller bundle keeps only bytecode). The compiled code is read
field by field rather than marshalled: ``marshal`` output depends on reference counts, and a
frozenset's order on the hash seed, and the digest must be the same in every run.
"""

from __future__ import annotations

import importlib.util
import sys
import zlib
from collections.abc import Iterable
from importlib.machinery import ModuleSpec
from types import CodeType, ModuleType
from typing import Protocol, cast

from viewer import __version__

#: The package whose modules count; others (the standard library, dependencies) do not.
_PACKAGE = "viewer."


def reached_modules(start: ModuleType) -> list[ModuleType]:
    """``start`` and every module of the app it uses, directly or not, sorted by name."""
    found: dict[str, ModuleType] = {}
    waiting = [start]
    while waiting:
        module = waiting.pop()
        if module.__name__ in found:
            continue
        found[module.__name__] = module
        for value in vars(module).values():
            name = value.__name__ if isinstance(value, ModuleType) else _defined_in(value)
            if name.startswith(_PACKAGE) and name not in found and name in sys.modules:
                waiting.append(sys.modules[name])
    return [found[name] for name in sorted(found)]


def _defined_in(value: object) -> str:
    name = getattr(value, "__module__", None)
    return name if isinstance(name, str) else ""


def code_digest(modules: Iterable[ModuleType]) -> str:
    """A hex digest of the app's version and the code of ``modules``."""
    import hashlib  # only here: the start checks the page cache without it (3 ms)

    digest = hashlib.sha256(f"{__version__}\0{sys.version}".encode())
    for module in modules:
        digest.update(f"\0{module.__name__}\0".encode())
        digest.update(_module_code(module.__spec__, module.__name__))
    return digest.hexdigest()


def source_checksum(names: Iterable[str]) -> str | None:
    """A CRC-32 of the app's version and the code of the modules called ``names`` (read as
    :func:`code_digest` reads them), found without running them: only their packages are
    imported, so what was stored can be checked before the code that made it is loaded. None
    when one of them is not there any more.

    Cheap enough for every start; what it keeps must be only a shortcut that the code's own
    result replaces (a change missed, one in four billion, is then seen a moment late)."""
    checksum = zlib.crc32(f"{__version__}\0{sys.version}".encode())
    for name in names:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return None
        if spec is None:
            return None
        checksum = zlib.crc32(f"\0{name}\0".encode(), checksum)
        checksum = zlib.crc32(_module_code(spec, name), checksum)
    return f"{checksum:08x}"


class _Inspectable(Protocol):
    """What importlib.abc.InspectLoader offers; PyInstaller's loader has it without the base."""

    def get_source(self, fullname: str) -> str | None: ...

    def get_code(self, fullname: str) -> CodeType | None: ...


def _module_code(spec: ModuleSpec | None, name: str) -> bytes:
    loader = getattr(spec, "loader", None)
    if not (hasattr(loader, "get_source") and hasattr(loader, "get_code")):
        return b""  # nothing to read: the app's version stands for it
    inspectable = cast(_Inspectable, loader)
    try:
        source = inspectable.get_source(name)
        code = None if source is not None else inspectable.get_code(name)
    except (ImportError, OSError):
        return b""
    if source is not None:
        return source.encode("utf-8", "surrogatepass")
    return b"" if code is None else _code_bytes(code)


def _code_bytes(code: CodeType) -> bytes:
    parts = [code.co_code, repr((code.co_names, code.co_varnames, code.co_freevars)).encode()]
    parts.extend(_constant_bytes(constant) for constant in code.co_consts)
    return b"\0".join(parts)


def _constant_bytes(constant: object) -> bytes:
    if isinstance(constant, CodeType):
        return _code_bytes(constant)
    if isinstance(constant, tuple):
        return b"(" + b",".join(_constant_bytes(item) for item in constant) + b")"
    if isinstance(constant, frozenset):
        return b"{" + b",".join(sorted(_constant_bytes(item) for item in constant)) + b"}"
    return repr(constant).encode("utf-8", "surrogatepass")
