"""logkit in a Jupyter notebook, executed for real with nbclient and an IPython kernel."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from logkit.handlers._notebook import cell_record

CONFIGURE = "import logkit\nlogkit.configure().rich_console"
LOG = "import logging\nlogging.getLogger('nb').warning('hello from a cell')"


def execute(tmp_path: Path, *sources: str) -> list[Any]:
    """The executed cells of a notebook made of ``sources``, run in ``tmp_path``."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    client = NotebookClient(
        notebook,
        timeout=60,
        startup_timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    cells: list[Any] = notebook.cells
    return cells


def shown(cell: Any, kind: str) -> str:
    """Everything a cell displayed as ``kind`` (``text/plain``, ``text/html``), joined."""
    return "".join(
        output.get("data", {}).get(kind, "") + output.get("text", "") for output in cell.outputs
    )


def test_records_show_once_with_the_cell_in_the_path_column(tmp_path: Path) -> None:
    # The configure() cell runs twice, as when a person re-runs it.
    cells = execute(tmp_path, CONFIGURE, CONFIGURE, LOG)

    assert [shown(cell, "text/plain") for cell in cells[:2]] == ["True", "True"]
    log = cells[2]
    assert log.execution_count == 3
    text = re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", shown(log, "text/plain"))
    assert text.count("hello from a cell") == 1, text
    assert re.search(r"WARNING +hello from a cell +In\[3\]:2\n", text), text
    assert ".py" not in text  # not the kernel's file for the cell (such as 4015965701.py)
    html = shown(log, "text/html")
    assert html.count("hello from a cell") == 1 and "In[3]" in html, html


def test_outside_ipython_a_record_keeps_its_path() -> None:
    record = logging.LogRecord("app", logging.INFO, "/srv/app/job.py", 7, "hi", None, None)
    assert cell_record(record) is record
