"""The code digest changes with the code, from sources or from bytecode alone, and only then."""

from __future__ import annotations

import importlib.util
import os
import py_compile
import subprocess
import sys
from importlib.machinery import ModuleSpec, SourceFileLoader, SourcelessFileLoader
from pathlib import Path
from types import CodeType, ModuleType

from tests.conftest import REPO
from viewer.core.code_digest import code_digest

SOURCE = 'KINDS = {"youtube", "file", "url"}\n\n\ndef kind(text):\n    return text in KINDS\n'
CHANGED = SOURCE.replace('"url"', '"stream"')


def load(path: Path, sourceless: bool = False) -> ModuleType:
    loader_type = SourcelessFileLoader if sourceless else SourceFileLoader
    loader = loader_type("entry_code", str(path))
    spec = importlib.util.spec_from_loader("entry_code", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def from_source(folder: Path, text: str) -> ModuleType:
    folder.mkdir(exist_ok=True)
    path = folder / "entry_code.py"
    path.write_text(text, encoding="utf-8")
    return load(path)


def from_bytecode(folder: Path, text: str) -> ModuleType:
    """A module as a PyInstaller bundle has it: compiled code, no source beside it."""
    folder.mkdir(exist_ok=True)
    source = folder / "entry_code.py"
    source.write_text(text, encoding="utf-8")
    compiled = folder / "entry_code.pyc"
    py_compile.compile(str(source), cfile=str(compiled), doraise=True)
    source.unlink()
    return load(compiled, sourceless=True)


def test_the_digest_follows_the_source(tmp_path: Path) -> None:
    one = code_digest([from_source(tmp_path / "a", SOURCE)])
    assert code_digest([from_source(tmp_path / "b", SOURCE)]) == one
    assert code_digest([from_source(tmp_path / "c", CHANGED)]) != one


def test_without_sources_the_digest_follows_the_bytecode(tmp_path: Path) -> None:
    module = from_bytecode(tmp_path / "a", SOURCE)
    assert module.__spec__ is not None and module.__spec__.loader is not None
    assert module.__spec__.loader.get_source("entry_code") is None  # type: ignore[attr-defined]
    one = code_digest([module])
    assert code_digest([from_bytecode(tmp_path / "b", SOURCE)]) == one
    assert code_digest([from_bytecode(tmp_path / "c", CHANGED)]) != one
    assert one != code_digest([from_source(tmp_path / "d", SOURCE)])


class BundleLoader:
    """Loads like PyInstaller's: the InspectLoader methods, without importlib's base class."""

    def __init__(self, text: str) -> None:
        self.code = compile(text, "entry_code.py", "exec")

    def get_source(self, fullname: str) -> None:
        return None

    def get_code(self, fullname: str) -> CodeType:
        return self.code

    def create_module(self, spec: ModuleSpec) -> None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        exec(self.code, vars(module))


def from_bundle(text: str) -> ModuleType:
    loader = BundleLoader(text)
    module = importlib.util.module_from_spec(ModuleSpec("entry_code", loader))
    loader.exec_module(module)
    return module


def test_a_bundle_loader_is_read_for_its_bytecode() -> None:
    one = code_digest([from_bundle(SOURCE)])
    assert code_digest([from_bundle(SOURCE)]) == one
    assert code_digest([from_bundle(CHANGED)]) != one


def test_the_bytecode_digest_is_the_same_in_every_run(tmp_path: Path) -> None:
    """A set constant's order follows the hash seed; the digest must not."""
    from_bytecode(tmp_path, SOURCE)
    script = (
        "import sys; from importlib.machinery import SourcelessFileLoader as L;"
        "from importlib.util import spec_from_loader, module_from_spec;"
        "from viewer.core.code_digest import code_digest;"
        f"loader = L('entry_code', {str(tmp_path / 'entry_code.pyc')!r});"
        "m = module_from_spec(spec_from_loader('entry_code', loader)); loader.exec_module(m);"
        "print(code_digest([m]))"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1
    assert digests.pop().strip() == code_digest([load(tmp_path / "entry_code.pyc", True)])
