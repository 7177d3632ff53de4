"""``python -m benchmarks [--json] [--quick] [--rows startup,open,render,seek,memory,scaling]``."""

import sys

from benchmarks.harness import main

sys.exit(main())
