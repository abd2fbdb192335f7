"""The README's table of contents matches its headings.

Anchors follow GitHub's rule (github-slugger): the heading's text as rendered
(code spans and links reduced to their text), lower-cased, every character that
is not a letter, digit, space, hyphen or underscore dropped, each space made a
hyphen; a repeated anchor gets ``-1``, ``-2``... Headings inside fenced code
blocks are not headings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

pytest_plugins = ["pytester"]

README = Path(__file__).resolve().parent.parent / "README.md"

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TOC_ENTRY = re.compile(r"^(\s*)- \[(.+)\]\(#([^)]+)\)$")


class Heading(NamedTuple):
    level: int
    text: str
    anchor: str


def github_anchor(text: str) -> str:
    """The fragment GitHub gives a heading whose source text is ``text``."""
    rendered = _LINK.sub(r"\1", text).replace("`", "")
    rendered = re.sub(r"<[^>]+>", "", rendered)
    kept = re.sub(r"[^\w\- ]", "", rendered.lower())
    return kept.replace(" ", "-")


def headings(markdown: str) -> list[Heading]:
    """Every ATX heading outside fenced code, with its unique GitHub anchor."""
    found: list[Heading] = []
    seen: dict[str, int] = {}
    in_fence = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = _HEADING.match(line)
        if in_fence or match is None:
            continue
        anchor = github_anchor(match.group(2))
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        found.append(
            Heading(
                len(match.group(1)), match.group(2), anchor if count == 0 else f"{anchor}-{count}"
            )
        )
    return found


def toc_entries(markdown: str) -> list[tuple[str, str]]:
    """The (text, anchor) links of the list after ``Contents:``, before the first ``##``."""
    lines = markdown.splitlines()
    start = lines.index("Contents:") + 1
    entries = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        if not line.strip():
            continue
        match = _TOC_ENTRY.match(line)
        assert match, f"README contents: not a '- [text](#anchor)' line: {line!r}"
        entries.append((match.group(2), match.group(3)))
    return entries


def test_github_anchor_rule() -> None:
    assert github_anchor("The Rich console") == "the-rich-console"
    assert github_anchor("`logkit diff A B`") == "logkit-diff-a-b"
    assert github_anchor("`logkit show [--static] [PATH]`") == "logkit-show---static-path"
    assert github_anchor("See [the docs](https://x.org/a.b) now") == "see-the-docs-now"
    assert github_anchor("snake_case & C++") == "snake_case--c"


def test_headings_skip_code_and_number_repeats() -> None:
    text = "## A\n```sh\n# not a heading\n```\n## A\n### B c\n"
    assert [h.anchor for h in headings(text)] == ["a", "a-1", "b-c"]


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_every_section_is_in_the_contents(readme: str) -> None:
    listed = {anchor for _, anchor in toc_entries(readme)}
    missing = [h.text for h in headings(readme) if h.level == 2 and h.anchor not in listed]
    assert not missing, f"README: add these '## ' sections to the contents near the top: {missing}"


def test_every_contents_link_reaches_a_heading(readme: str) -> None:
    anchors = {h.anchor for h in headings(readme)}
    dangling = [(text, anchor) for text, anchor in toc_entries(readme) if anchor not in anchors]
    assert not dangling, f"README contents: links to no heading (GitHub anchor rule): {dangling}"


def test_contents_follow_the_document_order(readme: str) -> None:
    order = {h.anchor: position for position, h in enumerate(headings(readme))}
    listed = [anchor for _, anchor in toc_entries(readme) if anchor in order]
    assert listed == sorted(listed, key=order.__getitem__), (
        "README contents: not in the order of the sections"
    )


# -- the examples the README promises work ------------------------------------------


def section(markdown: str, title: str) -> str:
    """The text of the ``## title`` section, up to the next ``## ``."""
    start = markdown.index(f"\n## {title}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def test_the_three_line_test_that_the_shipped_files_agree_runs(
    readme: str, pytester: pytest.Pytester
) -> None:
    example = python_blocks(section(readme, "Comparing formats in tests"))[0]
    assert example.count("\n    ") == 1 and "logkit.diff(" in example  # still the 3 lines
    for name in ("logging.yaml", "logging.toml", "logging.config"):
        (pytester.path / name).write_text((README.parent / name).read_text(encoding="utf-8"))
    pytester.makepyfile(test_example=example)
    # A child process: the example imports the parsers, which must not outlive an
    # in-process run (pytester drops the modules it imported).
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    result.assert_outcomes(passed=3)


def svg_text(path: Path) -> str:
    """The text an SVG shows (it is the script's own output, not untrusted input)."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()  # noqa: S314
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return "".join(root.itertext()).replace("\xa0", " ")


def test_the_pictures_are_drawn_by_the_script_and_up_to_date(tmp_path: Path) -> None:
    """docs/make_pictures.py draws both pictures the README shows, as valid SVG, and
    the committed ones show the same records (re-run the script when they differ)."""
    import subprocess
    import sys

    docs = README.parent / "docs"
    subprocess.run([sys.executable, str(docs / "make_pictures.py"), str(tmp_path)], check=True)
    expected = {
        "console.svg": ["missing hyper-parameter", "KeyError: 'momentum'", "09:30:00"],
        "show.svg": ["handler 'console'", "logs/info.log"],
    }
    for name, strings in expected.items():
        drawn = svg_text(tmp_path / name)
        assert all(s in drawn for s in strings), (name, drawn)
        assert str(README.parent) not in (tmp_path / name).read_text(encoding="utf-8")
        records = [line for line in drawn.splitlines() if "app.py:" in line or "handler" in line]
        committed = svg_text(docs / name).splitlines()
        stale = [line for line in records if line not in committed]
        assert not stale, f"docs/{name} is out of date: run python docs/make_pictures.py"
    readme = README.read_text(encoding="utf-8")
    assert "](docs/console.svg)" in readme and "](docs/show.svg)" in readme
