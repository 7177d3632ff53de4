"""``python -m benchmarks [--json] [--quick] [--rows render,open,…]``: see ``benchmarks.cli``."""

import sys

from benchmarks.cli import main

sys.exit(main())
