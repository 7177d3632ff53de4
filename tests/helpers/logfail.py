"""Fail a test on a WARNING or worse from the app's own loggers that it did not expect.

Qt's own messages are checked by pytest-qt (``qt_log_level_fail`` in pyproject.toml); this does
the same for the ``viewer`` loggers, page consoles included (a JavaScript error in one of the
app's pages is logged at ERROR, so it fails the test). A test that provokes a warning on
purpose says so: ``@pytest.mark.allow_log(r"regex", ...)``, matched against the message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "allow_log(*patterns): warnings from the app's loggers this test expects"
    )


@pytest.fixture(autouse=True)
def fail_on_unexpected_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    handler = _Collect()
    logger = logging.getLogger("viewer")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    patterns = [
        re.compile(pattern)
        for marker in request.node.iter_markers("allow_log")
        for pattern in marker.args
    ]
    unexpected = [
        f"{record.levelname} {record.name}: {record.getMessage()}"
        for record in handler.records
        if not any(pattern.search(record.getMessage()) for pattern in patterns)
    ]
    if unexpected:
        pytest.fail("unexpected warnings from the app:\n" + "\n".join(unexpected), pytrace=False)
