"""What a constructor takes: the parameters of a callable, read from its code object.

Part of what :mod:`logkit._schema` knows (and re-exports): validation checks a
handler's keys against them, the INI translation binds ``args=`` with them.
It reads code objects instead of importing ``inspect``, because it is on the
path of every ``configure()``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

REQUIRED: Any = object()  # the default of a parameter that has none
# How inspect.Signature.bind words and binds, which the INI translation repeats.
_NAMES_KEYWORD_ONLY = sys.version_info >= (3, 12)  # "missing a required keyword-only argument"
_POSITIONAL_ONLY_NAMES_GO_TO_KWARGS = sys.version_info >= (3, 13)
_CO_VARARGS = 0x04  # inspect.CO_VARARGS, without importing inspect
_CO_VARKEYWORDS = 0x08


class Parameters:
    """The parameters of a callable, read from its code object, in order.

    A plain class rather than a NamedTuple or dataclass: this module is
    imported by every ``configure()``, and those cost more to build than they save.
    """

    __slots__ = (
        "defaults",
        "keywords",
        "positional",
        "positional_only",
        "var_keyword",
        "var_positional",
    )

    def __init__(
        self,
        *,
        positional_only: tuple[str, ...],
        positional: tuple[str, ...],
        keyword_only: tuple[str, ...],
        defaults: Mapping[str, object],
        var_positional: str | None,
        var_keyword: str | None,
    ) -> None:
        self.positional_only = positional_only
        self.positional = positional  # positional or keyword
        self.var_positional = var_positional
        self.var_keyword = var_keyword
        # Every named parameter's default (REQUIRED: none), and those that can
        # be passed by keyword.
        self.defaults: dict[str, object] = {
            name: defaults.get(name, REQUIRED)
            for name in (*positional_only, *positional, *keyword_only)
        }
        self.keywords = {name: self.defaults[name] for name in (*positional, *keyword_only)}

    @property
    def any_keyword(self) -> bool:
        """Whether it takes ``**kwargs``."""
        return self.var_keyword is not None

    def bind(self, args: Iterable[object], kwargs: Mapping[str, object]) -> dict[str, object]:
        """The value each parameter gets from ``f(*args, **kwargs)``, in parameter order.

        ``*args`` collects a tuple and ``**kwargs`` a dict, under their names;
        the checks run in ``inspect.Signature.bind``'s order.

        Raises:
            TypeError: the call would fail, in ``inspect.Signature.bind``'s words.
        """
        given = tuple(args)
        left = dict(kwargs)
        order = (*self.positional_only, *self.positional)
        bound = self._bind_positional(given, left)
        remaining = [*order[len(given) :], *self.keywords]
        if self.var_positional is not None and len(given) <= len(order):
            # bind() stops looking at parameters one by one at *args
            remaining.insert(len(order) - len(given), self.var_positional)
        for name in remaining:
            if name in bound or name == self.var_positional:
                continue
            if name in left:
                if name in self.positional_only:
                    if self.var_keyword is not None and _POSITIONAL_ONLY_NAMES_GO_TO_KWARGS:
                        continue  # it stays in **kwargs, as 3.13's bind leaves it
                    raise TypeError(
                        f"{name!r} parameter is positional only, but was passed as a keyword"
                    )
                bound[name] = left.pop(name)
            elif self.defaults[name] is REQUIRED:
                # Only the first parameter after the positional arguments is
                # named by its kind (3.12+); bind() words the rest plainly.
                kind = self._kind_word(name) if name == remaining[0] else ""
                raise TypeError(f"missing a required{kind} argument: {name!r}")
        if left:
            if self.var_keyword is None:
                raise TypeError(f"got an unexpected keyword argument {next(iter(left))!r}")
            bound[self.var_keyword] = left
        return bound

    def _bind_positional(
        self, given: tuple[object, ...], kwargs: Mapping[str, object]
    ) -> dict[str, object]:
        order = (*self.positional_only, *self.positional)
        bound: dict[str, object] = {}
        for index, value in enumerate(given):
            if index >= len(order):
                if self.var_positional is None:
                    raise TypeError("too many positional arguments")
                bound[self.var_positional] = given[index:]
                break
            name = order[index]
            if name in kwargs and name not in self.positional_only:
                raise TypeError(f"multiple values for argument {name!r}")
            bound[name] = value
        return bound

    def _kind_word(self, name: str) -> str:
        keyword_only = name not in self.positional_only and name not in self.positional
        return " keyword-only" if keyword_only and _NAMES_KEYWORD_ONLY else ""

    def text(self) -> str:
        """The parameter list as Python writes it: ``(filename, mode='a', *, errors=None)``."""
        def item(name: str) -> str:
            default = self.defaults[name]
            return name if default is REQUIRED else f"{name}={default!r}"

        items = [item(name) for name in self.positional_only]
        if self.positional_only:
            items.append("/")
        items += [item(name) for name in self.positional]
        keyword_only = [name for name in self.keywords if name not in self.positional]
        if self.var_positional is not None:
            items.append(f"*{self.var_positional}")
        elif keyword_only:
            items.append("*")
        items += [item(name) for name in keyword_only]
        if self.var_keyword is not None:
            items.append(f"**{self.var_keyword}")
        return f"({', '.join(items)})"


def _read_parameters(target: Any) -> Parameters | None:
    """:func:`parameters`, read afresh."""
    function, skip = target, 0
    if isinstance(target, type):
        cls: Any = target  # mypy: a class's __init__, not an instance's
        function, skip = cls.__init__, 1
    elif hasattr(target, "__func__"):  # a bound method or classmethod
        function, skip = target.__func__, 1
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    names = code.co_varnames
    count, only = code.co_argcount, code.co_posonlyargcount
    ordered = names[:count]
    defaults: dict[str, object] = {}
    positional_defaults = getattr(function, "__defaults__", None) or ()
    if positional_defaults:
        defaults.update(zip(ordered[-len(positional_defaults) :], positional_defaults, strict=True))
    keyword_only = names[count : count + code.co_kwonlyargcount]
    kwdefaults = getattr(function, "__kwdefaults__", None) or {}
    defaults.update((name, kwdefaults[name]) for name in keyword_only if name in kwdefaults)
    after = count + code.co_kwonlyargcount
    var_positional = None
    if code.co_flags & _CO_VARARGS:
        var_positional, after = names[after], after + 1
    var_keyword = names[after] if code.co_flags & _CO_VARKEYWORDS else None
    positional_only, positional = ordered[:only], ordered[only:]
    if skip:  # the instance or class the method is bound to
        if positional_only:
            positional_only = positional_only[skip:]
        else:
            positional = positional[skip:]
    return Parameters(
        positional_only=positional_only,
        positional=positional,
        keyword_only=keyword_only,
        defaults=defaults,
        var_positional=var_positional,
        var_keyword=var_keyword,
    )


_known: dict[type, Parameters | None] = {}  # classes live as long as the program


def parameters(target: Any) -> Parameters | None:
    """The parameters of a class (its ``__init__``, without ``self``) or a Python function.

    None when they cannot be read from a code object (a C type, a partial):
    then nothing is said about the arguments. A class's are remembered
    (validation asks about one class several times per configure): the result
    is shared, so callers must not change it.
    """
    if not isinstance(target, type):
        return _read_parameters(target)
    if target not in _known:
        _known[target] = _read_parameters(target)
    return _known[target]
