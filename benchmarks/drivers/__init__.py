"""Small programs the harness starts in their own process, each printing one JSON line.

Start-up and memory can only be measured in a process of their own: a process start is
part of the figure, and memory must not include the harness.
"""
