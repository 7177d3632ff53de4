"""PyInstaller's entry script for the ``viewer`` command (the gui-script ``viewer.cli:main``)."""

import sys

from viewer.cli import main

if __name__ == "__main__":
    sys.exit(main())
