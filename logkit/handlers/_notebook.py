"""The path column in IPython and notebooks: the cell, not the kernel's file for it.

IPython compiles each cell under a made-up file name (a notebook kernel's is a
temporary ``.py`` file such as ``4015965701.py``), so the path column would show
a name nobody recognises. IPython's own tracebacks say ``Cell In[3]``: its
compiler maps the made-up name to the execution count (``format_code_name``),
and the console shows ``In[3]:5`` from the same answer.
"""

from __future__ import annotations

import builtins
import copy
from logging import LogRecord

__all__ = ["cell_record"]

# IPython puts get_ipython() into builtins. A dict lookup, as every record asks:
# hasattr() on a module that lacks the name costs ten times more.
_BUILTINS = vars(builtins)


def cell_name(pathname: str) -> str | None:
    """IPython's name for the cell compiled as ``pathname`` (``In[3]``), if it is one."""
    get_ipython = _BUILTINS.get("get_ipython")
    if get_ipython is None:
        return None
    format_code_name = getattr(getattr(get_ipython(), "compile", None), "format_code_name", None)
    if format_code_name is None:
        return None
    names = format_code_name(pathname)
    if not names:
        return None
    return str(names[1])


def cell_record(record: LogRecord) -> LogRecord:
    """The record as the console shows it: a copy naming the cell when it comes from one.

    A copy, because the other handlers (a log file) keep the real path.
    """
    if "get_ipython" not in _BUILTINS:
        return record
    name = cell_name(record.pathname)
    if name is None:
        return record
    shown = copy.copy(record)
    shown.pathname = shown.filename = name
    return shown
