"""The format registry (``_formats``) and the YAML, TOML and JSON modules: load() and dump().

INI has its own tests (``test_ini.py``); reading a file's bytes is ``test_reading.py``'s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import logkit
from logkit._default import default_config
from logkit._formats import FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_dump_then_load_gives_the_same_dict(shipped: Path, fmt: str, tmp_path: Path) -> None:
    config = logkit.load(shipped)
    target = tmp_path / f"converted.{fmt}"
    target.write_text(logkit.dump(config, fmt), encoding="utf-8")
    assert logkit.load(target) == config


@pytest.mark.parametrize("fmt", ["YAML", "yml", ".toml", "cfg", "Json"])
def test_dump_accepts_format_aliases(fmt: str) -> None:
    assert logkit.dump(default_config(), fmt).strip()


def test_dump_rejects_an_unknown_format() -> None:
    with pytest.raises(logkit.ConfigError, match=r"unknown format 'xml' \(expected one of"):
        logkit.dump(default_config(), "xml")


def test_toml_cannot_hold_null_and_says_which_key() -> None:
    config = default_config()
    config["formatters"]["minimal"]["datefmt"] = None
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.dump(config, "toml")
    assert caught.value.key == "formatters.minimal.datefmt"
    assert "TOML has no null" in str(caught.value)


def test_yaml_writes_multiline_formats_as_literal_blocks() -> None:
    text = logkit.dump(default_config(), "yaml")
    assert "format: |-\n" in text


def test_load_turns_tuples_into_lists_so_every_format_can_hold_them(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"version": 1, "handlers": {"h": {"args": [1, 2]}}}')
    assert logkit.load(path)["handlers"]["h"]["args"] == [1, 2]


# -- bad input: every failure is a ConfigError naming the file ---------------

# text, line, column: the column wherever the parser knows it (configparser does not);
# an error at the end of the text is on its last line, never past it.
SYNTAX_ERRORS: dict[str, tuple[str, int, int | None]] = {
    "yaml": ("version: 1\nhandlers:\n  console: [unclosed\n", 3, 21),
    "yaml-at-the-end": ("# a flow sequence never closed\na: [\n", 2, 5),
    "toml": ('version = 1\n[handlers]\nconsole = "x\n', 3, 13),
    "toml-at-the-end": ("version = 1\nhandlers = [1,\n", 2, 15),
    "json": ('{\n  "version": 1,\n  "handlers": {,}\n}\n', 3, 16),
    "ini": ("[loggers]\nkeys=root\nthis line has no equals sign\n", 3, None),
}


@pytest.mark.parametrize("case", list(SYNTAX_ERRORS))
def test_syntax_error_names_file_and_line(case: str, tmp_path: Path) -> None:
    text, line, column = SYNTAX_ERRORS[case]
    path = tmp_path / f"broken.{case.split('-', maxsplit=1)[0]}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.load(path)
    error = caught.value
    assert error.path == str(path)
    assert (error.line, error.column) == (line, column)
    where = f"{path}:{line}:{column}: " if column else f"{path}:{line}: "
    assert str(error).startswith(where)
    assert "\n" not in str(error)
    assert error.__cause__ is not None


@pytest.mark.parametrize("name", ["logging.xml", "logging", "settings.py"])
def test_unknown_extension_lists_the_known_ones(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text("version: 1\n")
    with pytest.raises(logkit.ConfigError, match=r"unknown config format") as caught:
        logkit.load(path)
    message = str(caught.value)
    for extension in (".yaml", ".yml", ".toml", ".json", ".ini", ".cfg", ".conf", ".config"):
        assert extension in message


@pytest.mark.parametrize(
    ("fmt", "text", "found"),
    [
        ("yaml", "- a\n- b\n", "list"),
        ("json", "[1, 2]", "list"),
        ("yaml", "just a string\n", "str"),
    ],
)
def test_top_level_must_be_a_mapping(fmt: str, text: str, found: str, tmp_path: Path) -> None:
    path = tmp_path / f"c.{fmt}"
    path.write_text(text)
    with pytest.raises(logkit.ConfigError, match=f"expected a mapping .* found {found}"):
        logkit.load(path)


def test_yaml_document_of_only_comments_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("# nothing here yet\n")
    with pytest.raises(logkit.ConfigError, match="YAML document is empty"):
        logkit.load(path)


JSON_FOR_LOCATING = """{
  "version": 1,
  "handlers": {
    "info": {"class": "logging.StreamHandler"},
    "error": {
      "class": "logging.StreamHandler",
      "level": "ERROR",
      "args": [1, {"level": 2}]
    }
  },
  "root": {"level": "INFO", "handlers": ["info", "error"]}
}
"""


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("version", 2),
        ("handlers.error.level", 7),
        ("handlers.info.level", 4),  # not written: its handler's line, not error's level
        ("handlers.error.args.1.level", 8),
        ("root.level", 11),
        ("root.handlers.1", 11),
        ("loggers.app", None),
    ],
)
def test_json_keys_are_located_from_the_document_structure(key: str, line: int | None) -> None:
    from logkit._formats import json as json_format

    assert json_format.locate(JSON_FOR_LOCATING, key) == line
    assert json_format.locate("{not json", key) is None


def test_toml_keeps_crlf_inside_strings(tmp_path: Path) -> None:
    config = {"version": 1, "formatters": {"f": {"format": "a\r\nb"}, "g": {"format": "c\nd"}}}
    path = tmp_path / "crlf.toml"
    path.write_text(logkit.dump(config, "toml"), newline="")
    assert logkit.load(path) == config


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_logger_name_with_dots_is_located_at_its_own_line(fmt: str, tmp_path: Path) -> None:
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "loggers": {
            "gunicorn": {"level": "INFO"},
            "gunicorn.error": {"level": "DEBUG", "propagate": True},
        },
        "root": {"handlers": []},
    }
    text = logkit.dump(config, fmt).replace("DEBUG", "LOUD")  # INI cannot write a bad level
    path = tmp_path / f"logging.{fmt}"
    path.write_text(text)
    with pytest.raises(logkit.ConfigError) as raised:
        logkit.configure(path, rich=False)
    error = raised.value
    assert error.key == "loggers.gunicorn.error.level"
    assert error.line is not None
    assert "LOUD" in text.splitlines()[error.line - 1]
