"""PyInstaller's entry script for the ``viewer`` command (the gui-script
``viewer.cli:program``)."""

import sys

from viewer.cli import program

if __name__ == "__main__":
    sys.exit(program())
