"""Where INI text holds each dict key (``logkit._formats.ini._lines``): ``locate``.

Errors found in the dict (by validation, or by the standard library) are
located in the INI file through these lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from logkit._formats import ini

CORPUS = Path(__file__).resolve().parent / "data" / "ini"


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("handlers", 5),
        ("formatters", 8),
        ("loggers", 2),
        ("root", 10),
        ("root.level", 11),
        ("root.handlers", 12),
        ("handlers.console", 14),
        ("handlers.console.class", 15),
        ("handlers.console.stream", 18),
        ("handlers.info.level", 22),
        ("handlers.info.maxBytes", 24),
        ("formatters.detailed.format", 36),
        ("formatters.minimal", 32),
        ("handlers.missing", 5),
        ("version", None),
    ],
)
def test_locate_finds_where_a_key_is_written(key: str, line: int | None) -> None:
    assert ini.locate(corpus_text("shipped.ini"), key) == line


def test_locate_finds_loggers_by_qualname_and_arguments_in_kwargs() -> None:
    text = corpus_text("loggers.ini")
    assert ini.locate(text, "loggers.app.db.level") == 23
    assert ini.locate(text, "loggers.app.db") == 22
    assert ini.locate(text, "loggers.noisy.dependency.internals.propagate") == 35
    files = corpus_text("file_handlers.ini")
    assert (
        ini.locate(files, "handlers.timed.utc")
        == files.splitlines().index("kwargs={'utc': True, 'encoding': 'utf-8'}") + 1
    )
    assert ini.locate(corpus_text("interpolation.ini"), "root.level") == 19


# The base text of test_ini_translate with kwargs= over three lines and the
# root's level moved into [DEFAULT].
MULTI_LINE = """\
[loggers]
keys=root,app

[handlers]
keys=console

[formatters]
keys=minimal

[DEFAULT]
level=INFO

[logger_root]
handlers=console

[logger_app]
handlers=console
qualname=app

[handler_console]
class=StreamHandler
formatter=minimal
kwargs={
    'stream': sys.stdout,
    }

[formatter_minimal]
format=%(message)s
"""


def test_locate_reads_arguments_in_multi_line_kwargs_and_defaults() -> None:
    assert ini.locate(MULTI_LINE, "handlers.console.stream") == 23
    assert ini.locate(MULTI_LINE, "root.level") == 11  # inherited from [DEFAULT]
