"""The packages of the wheel and the sdist: the code under src/, the sample notes from notes/.

The sample notes live once, in the top-level ``notes/`` folder, and ship as the package
``viewer.notes`` (each subfolder, media/ and people/, a namespace package of its own), where
``viewer.resources.bundled_notes`` finds them through ``importlib.resources``. Everything else
is in pyproject.toml; this mapping is here because its package discovery only looks in src/.
"""

from setuptools import find_namespace_packages, setup

CODE = find_namespace_packages("src", include=["viewer*"], exclude=["*.__pycache__"])
# Namespace packages: a notes subfolder added later comes along with the others.
NOTES = ["viewer.notes"] + [
    f"viewer.notes.{name}" for name in find_namespace_packages("notes", exclude=["*__pycache__"])
]

setup(packages=CODE + NOTES, package_dir={"": "src", "viewer.notes": "notes"})
