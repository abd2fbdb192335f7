"""Read and write the Python expressions fileConfig evaluates, without ``eval``.

fileConfig runs ``eval(text, vars(logging))`` on a handler's ``args=`` and
``kwargs=`` (and, from Python 3.12, a formatter's ``defaults=``), so an INI file
can execute any code. Here the expression is parsed with :mod:`ast` and only
literals, simple arithmetic on numbers, and attribute lookups on modules and
classes reachable from the ``logging`` namespace are evaluated. Nothing is ever
called or imported.

A reference such as ``sys.stdout`` becomes ``"ext://sys.stdout"``: the way
dictConfig names an object to look up when the configuration is applied.
"""

from __future__ import annotations

import ast
import logging
import logging.config
import logging.handlers
import math
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

from logkit._messages import clipped

# dictConfig replaces strings of this form with the object they name, so a
# literal string that looks like this cannot be passed through unchanged.
_DICTCONFIG_REFERENCE = re.compile(r"^(?P<prefix>[a-z]+)://(?P<suffix>.*)$")
_DICTCONFIG_PREFIXES = frozenset({"ext", "cfg"})
EXT_PREFIX = "ext://"

# Arithmetic such as 10*1024*1024 is common in args=; bound it so a file cannot
# make the reader build huge numbers.
_NUMBER_LIMIT = 2**64
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
}


class UnsafeExpression(Exception):
    """An expression that cannot be evaluated safely or as fileConfig would."""

    def __init__(self, reason: str, fragment: str | None = None) -> None:
        self.reason = reason
        self.fragment = fragment
        super().__init__(f"{reason}: {fragment}" if fragment else reason)


def logging_namespace() -> dict[str, Any]:
    """The globals fileConfig evaluates ``class=``, ``args=`` and ``kwargs=`` in."""
    return vars(logging)


def evaluate_args(text: str) -> tuple[Any, ...] | list[Any]:
    """Evaluate ``args=``: a tuple (or list) whose items may be references."""
    tree = _parse(text)
    empty = _empty_call(tree.body)
    if isinstance(empty, (tuple, list)):
        return empty
    if not isinstance(tree.body, (ast.Tuple, ast.List)):
        raise UnsafeExpression(
            "expected a tuple of arguments such as ('app.log', 'a') "
            "(a single argument needs a trailing comma: ('app.log',))",
            _segment(text, tree.body),
        )
    body = tree.body
    items = _guarded(text, lambda: [_evaluate(text, item, references=True) for item in body.elts])
    return tuple(items) if isinstance(body, ast.Tuple) else items


def evaluate_kwargs(text: str) -> dict[str, Any]:
    """Evaluate ``kwargs=``: a dict with string keys whose values may be references."""
    tree = _parse(text)
    empty = _empty_call(tree.body)
    if isinstance(empty, dict):
        return empty
    body = tree.body
    if not isinstance(body, ast.Dict):
        raise UnsafeExpression(
            "expected a dict of keyword arguments such as {'encoding': 'utf-8'}",
            _segment(text, body),
        )
    return _guarded(text, lambda: _keyword_arguments(text, body))


def _keyword_arguments(text: str, node: ast.Dict) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in zip(node.keys, node.values, strict=True):
        if not (isinstance(key_node, ast.Constant) and isinstance(key_node.value, str)):
            fragment = _segment(text, key_node) if key_node else _segment(text, value_node)
            raise UnsafeExpression("keyword names must be strings", fragment)
        result[key_node.value] = _evaluate(text, value_node, references=True)
    return result


def evaluate_literal(text: str) -> Any:
    """Evaluate an expression that must reduce to plain data (``defaults=``)."""
    tree = _parse(text)
    return _guarded(text, lambda: _evaluate(text, tree.body, references=False))


def _parse(text: str) -> ast.Expression:
    text = text.strip()
    try:
        return ast.parse(text, mode="eval")
    except SyntaxError as exc:
        reason = exc.msg.split(" - ")[0]  # without the hint for huge integer literals
        raise UnsafeExpression(f"not a Python expression ({reason})", clipped(text)) from exc
    except (RecursionError, MemoryError) as exc:  # the parser's own limits on nesting
        raise UnsafeExpression(_TOO_DEEP, clipped(text)) from exc


_TOO_DEEP = "nested too deeply to be read safely"
_T = TypeVar("_T")


def _guarded(text: str, evaluate: Callable[[], _T]) -> _T:
    """Evaluate, turning a recursion too deep (long chains such as 1+1+...) into a refusal."""
    try:
        return evaluate()
    except RecursionError as exc:
        raise UnsafeExpression(_TOO_DEEP, clipped(text.strip())) from exc


# The calls that make empty containers (``args=tuple()``): the only calls read,
# and only when fileConfig's namespace does not rebind the name.
_EMPTY_CONTAINERS: dict[str, Callable[[], Any]] = {"tuple": tuple, "list": list, "dict": dict}


def _empty_call(node: ast.expr) -> Any:
    """The empty container ``tuple()``, ``list()`` or ``dict()`` makes; else ``None``."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and not node.args
        and not node.keywords
    ):
        return None
    name = node.func.id
    if name not in _EMPTY_CONTAINERS or name in logging_namespace():
        return None
    return _EMPTY_CONTAINERS[name]()


def _segment(text: str, node: ast.AST) -> str:
    return ast.get_source_segment(text.strip(), node) or ast.unparse(node)


def _evaluate(text: str, node: ast.expr, *, references: bool) -> Any:
    """Evaluate one node; ``references`` allows ``ext://`` objects at this level."""
    if isinstance(node, ast.Constant):
        return _checked_constant(text, node)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return _evaluate_sequence(text, node)
    if isinstance(node, ast.Dict):
        return _evaluate_dict(text, node)
    if isinstance(node, (ast.UnaryOp, ast.BinOp)):
        return _evaluate_arithmetic(text, node)
    if isinstance(node, (ast.Name, ast.Attribute)):
        return _evaluate_reference(text, node, references=references)
    return _empty_or_refused(text, node)


def _evaluate_sequence(text: str, node: ast.Tuple | ast.List | ast.Set) -> Any:
    items = [_evaluate(text, item, references=False) for item in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(items)
    return items if isinstance(node, ast.List) else _hashed(text, node, set, items)


def _empty_or_refused(text: str, node: ast.expr) -> Any:
    """``tuple()``, ``list()`` or ``dict()``; nothing else is evaluated."""
    empty = _empty_call(node)
    if empty is None:
        raise UnsafeExpression(
            "only literals and names from the logging module are allowed, not "
            + _describe(node),
            _segment(text, node),
        )
    return empty


def _checked_constant(text: str, node: ast.Constant) -> Any:
    value = node.value
    if value is Ellipsis:
        raise UnsafeExpression("'...' is not a value", _segment(text, node))
    if isinstance(value, str):
        reject_reference_string(value)
    return value


def reject_reference_string(value: str) -> None:
    """Refuse a plain string that dictConfig would replace by the object it names."""
    match = _DICTCONFIG_REFERENCE.match(value)
    if match and match.group("prefix") in _DICTCONFIG_PREFIXES:
        raise UnsafeExpression(
            "dictConfig would read this string as a reference to an object "
            "(ext:// or cfg://), so it cannot be passed through as text",
            repr(value),
        )


def _evaluate_dict(text: str, node: ast.Dict) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key_node, value_node in zip(node.keys, node.values, strict=True):
        if key_node is None:
            raise UnsafeExpression("'**' unpacking is not allowed", _segment(text, value_node))
        key = _hashed(text, key_node, tuple, [_evaluate(text, key_node, references=False)])[0]
        result[key] = _evaluate(text, value_node, references=False)
    return result


def _hashed(text: str, node: ast.expr, build: Callable[[list[Any]], Any], items: list[Any]) -> Any:
    """Build a set (or check a dict key) the way eval would, refusing unhashable items."""
    try:
        for item in items:
            hash(item)
    except TypeError as exc:
        raise UnsafeExpression(f"unhashable value ({exc})", _segment(text, node)) from exc
    return build(items)


def _evaluate_arithmetic(text: str, node: ast.UnaryOp | ast.BinOp) -> Any:
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise UnsafeExpression("only + and - signs are allowed", _segment(text, node))
        operand = _number(text, node.operand)
        return -operand if isinstance(node.op, ast.USub) else +operand
    operation = _ARITHMETIC.get(type(node.op))
    if operation is None:
        raise UnsafeExpression("only +, - and * are allowed on numbers", _segment(text, node))
    result = operation(_number(text, node.left), _number(text, node.right))
    if abs(result) >= _NUMBER_LIMIT:
        raise UnsafeExpression("number too large", _segment(text, node))
    return result


def _number(text: str, node: ast.expr) -> Any:
    value = _evaluate(text, node, references=False)
    if isinstance(value, bool) or not isinstance(value, (int, float, complex)):
        raise UnsafeExpression("arithmetic is only allowed on numbers", _segment(text, node))
    if abs(value) >= _NUMBER_LIMIT:
        raise UnsafeExpression("number too large", _segment(text, node))
    return value


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        return "function calls"
    if isinstance(node, ast.Subscript):
        return "subscripts"
    if isinstance(node, ast.Lambda):
        return "lambdas"
    return f"{type(node).__name__} expressions"


def dotted_parts(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ``['a', 'b', 'c']``; ``None`` for anything but a dotted name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


_PLAIN_TYPES = (str, bytes, int, float, complex, bool, type(None))


def _evaluate_reference(text: str, node: ast.expr, *, references: bool) -> Any:
    parts = dotted_parts(node)
    fragment = _segment(text, node)
    if parts is None:
        raise UnsafeExpression("only attribute lookups on names are allowed", fragment)
    path, value = resolve_reference(parts, fragment)
    if references:
        return EXT_PREFIX + path
    if type(value) in _PLAIN_TYPES:
        return value
    raise UnsafeExpression(
        "a reference to an object can only be a whole argument, not inside a tuple, list or dict",
        fragment,
    )


def resolve_reference(parts: list[str], fragment: str) -> tuple[str, Any]:
    """Look ``a.b.c`` up in the logging namespace as fileConfig's eval would.

    Returns the importable dotted path dictConfig's ``ext://`` resolves to the
    same object, and the object. Only modules and classes are looked into, and
    private names are refused: enough for constants and streams, too little to
    reach code.
    """
    namespace = logging_namespace()
    first = parts[0]
    if first.startswith("_") or first not in namespace:
        raise UnsafeExpression(
            f"{first!r} is not a public name in the logging module "
            "(fileConfig evaluates args in that namespace)",
            fragment,
        )
    value = namespace[first]
    path = _path_after(f"logging.{first}", value)
    for depth, attribute in enumerate(parts[1:], start=1):
        looked_in = ".".join(parts[:depth])
        if attribute.startswith("_"):
            raise UnsafeExpression("private attributes are not allowed", fragment)
        if not isinstance(value, (ModuleType, type)):
            raise UnsafeExpression(
                f"attributes can only be looked up on modules and classes, "
                f"and {looked_in} is neither",
                fragment,
            )
        try:
            value = getattr(value, attribute)
        except AttributeError as exc:
            raise UnsafeExpression(f"{looked_in} has no attribute {attribute!r}", fragment) from exc
        path = _path_after(f"{path}.{attribute}", value)
    return path, value


def _path_after(path: str, value: Any) -> str:
    """Shorten a path to a module by its import name: ``logging.handlers.socket`` -> ``socket``."""
    if isinstance(value, ModuleType) and sys.modules.get(value.__name__) is value:
        return value.__name__
    return path


def _modules_reachable_from_logging() -> dict[str, str]:
    """Import name -> INI expression for modules fileConfig's eval can reach in two steps."""
    routes: dict[str, str] = {}
    for name, value in logging_namespace().items():
        if name.startswith("_") or not isinstance(value, ModuleType):
            continue
        routes.setdefault(value.__name__, name)
        for inner_name, inner in vars(value).items():
            if not inner_name.startswith("_") and isinstance(inner, ModuleType):
                routes.setdefault(inner.__name__, f"{name}.{inner_name}")
    return routes


def reference_expression(path: str) -> str | None:
    """The INI expression for ``ext://path``, or ``None`` if fileConfig cannot reach it."""
    candidates: list[tuple[int, str]] = []
    if path.startswith("logging."):
        candidates.append((len("logging"), path[len("logging.") :]))
    for module, route in _modules_reachable_from_logging().items():
        if path == module or path.startswith(module + "."):
            candidates.append((len(module), route + path[len(module) :]))
    # The most specific module first; of equals, the shortest expression.
    for _, expression in sorted(candidates, key=lambda c: (-c[0], len(c[1]))):
        try:
            if resolve_reference(expression.split("."), expression)[0] == path:
                return expression
        except UnsafeExpression:
            continue
    return None


def render_value(value: Any, *, references: bool) -> str:
    """Write ``value`` as an expression :func:`evaluate_args` reads back equal.

    Raises:
        UnsafeExpression: the value has no literal form INI can hold.
    """
    if isinstance(value, str) and value.startswith(EXT_PREFIX):
        return _reference_text(value, references=references)
    if type(value) in _PLAIN_TYPES:
        return _scalar_text(value)
    if isinstance(value, (tuple, list, set, frozenset, dict)):
        return _container_text(value)
    raise UnsafeExpression(
        f"a value of type {type(value).__name__} has no literal form INI can hold", repr(value)
    )


def _reference_text(value: str, *, references: bool) -> str:
    if not references:
        raise UnsafeExpression(
            "an ext:// reference can only be a whole argument in INI, "
            "not part of a tuple, list or dict",
            repr(value),
        )
    expression = reference_expression(value[len(EXT_PREFIX) :])
    if expression is None:
        raise UnsafeExpression(
            "fileConfig evaluates args in the logging module's namespace "
            "and cannot reach this object",
            value,
        )
    return expression


def _scalar_text(value: object) -> str:
    if isinstance(value, float) and math.isinf(value):
        return "-1e999" if value < 0 else "1e999"  # what repr() cannot spell, a literal can
    if isinstance(value, float) and math.isnan(value):
        raise UnsafeExpression("NaN has no literal form", repr(value))
    if isinstance(value, str):
        reject_reference_string(value)
    return repr(value)


def _container_text(value: Any) -> str:
    def inner(item: Any) -> str:
        return render_value(item, references=False)

    if isinstance(value, dict):
        return "{" + ", ".join(f"{inner(key)}: {inner(item)}" for key, item in value.items()) + "}"
    items = [inner(item) for item in value]
    if isinstance(value, tuple):
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(items) + "]"
    if not items:
        raise UnsafeExpression("an empty set has no literal form", "set()")
    return "{" + ", ".join(items) + "}"
