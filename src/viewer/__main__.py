import sys

from viewer.cli import program

sys.exit(program())
