"""The flow core's hot modules, compiled to C by mypyc where a build of *these* sources exists.

The simulator runs the hall's dispatcher for every step of every visitor, and the planner runs
the simulator hundreds of times; compiled, the same Python code runs about twice as fast.
``tools/build-flow`` (run by ``make install``) compiles :data:`MODULES` into
``build/flow/<python>/`` and writes a manifest with the SHA-256 of the sources it compiled.

:func:`install` (called when :mod:`anlaufstelle.flow` is imported) puts a finder in front of the
import system that serves the compiled modules only if the manifest's digest is that of the
sources on disk now. A build of older sources is never used: after an edit the pure Python runs
until the next ``make install``, so a compiled module can never hide a change. The compiled code
*is* these sources, so both decide alike; ``tests/flow/test_flow_native.py`` checks that the
compiled and the pure simulator give the same digests on the example days.

``ANLAUFSTELLE_PURE_FLOW=1`` forces the pure modules (for debugging with pdb or a profiler).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

PACKAGE = "anlaufstelle.flow"
# In import order: each module imports only those before it (and the pure ones).
MODULES = ("tally", "scenario", "policyview", "plans", "policies", "hall", "simulator")
MANIFEST = "manifest.json"
PURE_ENV = "ANLAUFSTELLE_PURE_FLOW"

_HERE = Path(__file__).resolve().parent
# Why the compiled modules are or are not in use, for the bench and `anlaufstelle simulate -v`.
status = "pure: not checked"


def source_paths() -> list[Path]:
    return [_HERE / f"{name}.py" for name in MODULES]


def sources_digest(paths: Sequence[Path] | None = None) -> str:
    """SHA-256 over the compiled modules' names and sources (and the Python they are for)."""
    h = hashlib.sha256(sys.implementation.cache_tag.encode())
    for path in paths or source_paths():
        h.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def build_dir(root: Path | None = None) -> Path:
    """Where tools/build-flow puts the build for this Python: ``build/flow/cpython-311``."""
    base = root if root is not None else _HERE.parents[1]
    return base / "build" / "flow" / str(sys.implementation.cache_tag)


class _Finder:
    """Serves the compiled modules (and mypyc's shared library) from one build directory."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(file))
        return importlib.util.spec_from_file_location(fullname, file, loader=loader)


def check(directory: Path) -> tuple[dict[str, Path] | None, str]:
    """The module files of a usable build in ``directory``, or None and why not."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "pure: no compiled build (make install builds one)"
    except (OSError, ValueError) as exc:
        return None, f"pure: unreadable manifest ({exc})"
    if manifest.get("digest") != sources_digest():
        return None, "pure: the compiled build is of other sources (make install rebuilds it)"
    files = {name: directory / file for name, file in dict(manifest.get("files", {})).items()}
    wanted = {f"{PACKAGE}.{name}" for name in MODULES}
    if not wanted <= files.keys() or not all(f.is_file() for f in files.values()):
        return None, "pure: the compiled build is incomplete"
    return files, "compiled"


def install(directory: Path | None = None) -> str:
    """Put the finder in place if a build of these sources exists; returns the status."""
    global status
    if os.environ.get(PURE_ENV):
        status = f"pure: {PURE_ENV} is set"
        return status
    loaded = [f"{PACKAGE}.{name}" for name in MODULES if f"{PACKAGE}.{name}" in sys.modules]
    if loaded:
        status = "pure: imported before the finder was installed"
        return status
    files, status = check(directory if directory is not None else build_dir())
    if files is not None and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder(files))
    return status


def compiled(module: ModuleType) -> bool:
    """Is this module the compiled one?"""
    return str(getattr(module, "__file__", "")).endswith(
        tuple(importlib.machinery.EXTENSION_SUFFIXES)
    )
