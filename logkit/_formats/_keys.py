"""Which written key path a dotted key means, where names contain dots.

Messages name keys as dotted paths (``loggers.gunicorn.error.level``), but a
logger's name may itself contain dots, so the path's parts are ambiguous. Each
format knows which key paths its file really has; :func:`written_path` picks
the grouping of the parts that exists, so a key is located at its own line,
not at its section's.
"""

from __future__ import annotations

from collections.abc import Callable

Path = tuple[str, ...]


def written_path(key: str, exists: Callable[[Path], bool]) -> Path:
    """The longest path, grouping ``key``'s parts, that ``exists`` (``()`` if none).

    At each level a longer name wins (``gunicorn.error`` before ``gunicorn``),
    falling back to shorter ones when the longer leads nowhere deeper.
    """
    parts = key.split(".")

    def deepest(start: int, path: Path) -> tuple[int, Path]:
        best = (start, path)
        for end in range(len(parts), start, -1):
            candidate = (*path, ".".join(parts[start:end]))
            if exists(candidate):
                found = deepest(end, candidate)
                if found[0] == len(parts):
                    return found
                best = max(best, found, key=lambda item: item[0])
        return best

    return deepest(0, ())[1]


def key_paths(data: object) -> set[Path]:
    """Every key path in parsed data (list items by index), found without recursion."""
    paths: set[Path] = set()
    stack: list[tuple[object, Path]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            children = [(str(name), item) for name, item in value.items()]
        elif isinstance(value, list):
            children = [(str(index), item) for index, item in enumerate(value)]
        else:
            continue
        for name, item in children:
            paths.add((*path, name))
            stack.append((item, (*path, name)))
    return paths
