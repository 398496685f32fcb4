"""The bounded sandbox the text templates run in: whatever a template does, rendering ends soon.

Jinja's sandbox already keeps templates away from files and Python internals. A
template can still ask for ``range(10**9)``, ``10**(10**10)`` or ``'x'*10**10``,
loop for ever or build a string of gigabytes. This environment bounds ranges,
powers, repetitions, the arguments and results of calls and filters and the total
output (every ``{{ }}`` and every string built), and stops one render after
``RENDER_SECONDS``. Every bound crossed raises
``TemplateLimit`` with a Chinese message; the renderer adds the template and line.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, _PassArg

MAX_RANGE = 10_000          # items of one range()
MAX_INT_BITS = 10_000       # about 3,000 decimal digits: far beyond any figure
MAX_TEXT = 1_000_000        # characters (or items) of one string or list a template builds
MAX_OUTPUT = 20_000_000     # characters one render may produce in all (a real report: about 30,000)
RENDER_SECONDS = 10.0       # one render of a report takes well under a second, even on a busy machine

_WIDE_FORMAT = re.compile(r"\d{5,}")  # a width or precision of 10000 or more in a format string


class TemplateLimit(Exception):
    """A template crossed one of the sandbox's bounds; ``message`` says which, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _check_size(value: Any, what: str) -> Any:
    if _size(value) > MAX_TEXT:
        raise TemplateLimit(f"{what}太长（超过 {MAX_TEXT} 个字符或项）")
    return value


def _check_argument(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
        raise TemplateLimit(f"参数 {value if value.bit_length() < 64 else '（极大的整数）'} 太大")
    if isinstance(value, str) and _WIDE_FORMAT.search(value) and ("%" in value or "{" in value):
        raise TemplateLimit("格式字符串中的宽度或精度太大")
    _check_size(value, "参数")


class BoundedNamespace(Namespace):
    """``namespace()`` whose attributes cannot grow without bound by repeated ``{% set ns.x %}``."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_size(value, "namespace 中的值")
        super().__setitem__(name, value)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with bounds on size and time (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    #: classes whose instances hold only report data (drafter's template views). For them Jinja's
    #: inspection of every attribute access (internal attributes of functions, frames, generators;
    #: methods that change lists and dicts) can only ever refuse private names, so that is all it does.
    data_classes: frozenset[type] = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = float("inf")
        self.expired = False
        self.produced = 0
        self.globals["range"] = self.bounded_range
        self.globals["namespace"] = BoundedNamespace
        self.filters = {name: self._bounded(name, f) for name, f in self.filters.items()}

    # --- time -------------------------------------------------------------------------------

    def tick(self) -> None:
        """Raise ``TemplateLimit`` when the current render has run out of time."""
        if time.monotonic() > self.deadline:
            self.expired = True
            raise TemplateLimit(f"生成报告文字超过了 {RENDER_SECONDS:g} 秒，模板中可能有过大或没有尽头的循环")

    def count(self, value: Any) -> Any:
        """Add the size of ``value`` to what this render produced; raise past ``MAX_OUTPUT``."""
        self.produced += _size(value)
        if self.produced > MAX_OUTPUT:
            raise TemplateLimit(f"模板生成的文字太多（超过 {MAX_OUTPUT} 个字符），模板中可能有过大的循环")
        return value

    @contextmanager
    def limits(self) -> Iterator[None]:
        """Bound the render inside the block to ``RENDER_SECONDS`` of wall-clock time and ``MAX_OUTPUT``.

        The hooks below check the clock; on POSIX, in the main thread, an alarm also
        interrupts a loop that calls none of them.
        """
        seconds = RENDER_SECONDS
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self.produced = 0
        alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        previous = None
        if alarm:
            def on_alarm(_signum: int, _frame: Any) -> None:
                # once a hook has raised, Jinja is already unwinding: a second raise there would
                # lose the template's frame (and so the file and line in the message)
                if not self.expired:
                    self.deadline = 0.0
                    self.tick()

            previous = signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            self.deadline = float("inf")

    # --- hooks the sandbox calls ----------------------------------------------------------------

    def bounded_range(self, *args: int) -> Iterator[int]:
        """``range()`` of at most ``MAX_RANGE`` items, checking the clock as it goes."""
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimit(f"range() 的范围太大（{len(numbers)} 项，最多 {MAX_RANGE} 项）")
        for number in numbers:
            self.tick()
            yield number

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_argument(left)
        result = super().call_binop(context, operator, left, right)
        return self.count(_check_size(result, "运算结果"))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.tick()
        for value in (*args, *kwargs.values()):
            _check_argument(value)
        # the sandbox hands out str.format wrapped: the string is the wrapped method's __self__
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str):
            _check_argument(owner)  # "{:>99999}".format(…)
            if getattr(__obj, "__name__", "") in ("replace", "join"):
                _check_growth(owner, __obj.__name__, args)
        return __self.count(_check_size(super().call(__context, __obj, *args, **kwargs), "调用结果"))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if type(obj) in self.data_classes:
            return not attr.startswith("_")
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        return super().getitem(obj, argument)

    def _bounded(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        first = 1 if _PassArg.from_obj(function) else 0  # the context or environment comes first

        @wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            for value in (*args[first + 1:], *kwargs.values()):
                _check_argument(value)
            if name in ("replace", "join") and len(args) > first:
                _check_growth(args[first], name, args[first + 1:])
            return self.count(_check_size(function(*args, **kwargs), f"过滤器 {name} 的结果"))

        return bounded


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0:
        if max(base.bit_length(), 1) * exponent > MAX_INT_BITS:
            raise TemplateLimit("乘方的结果太大")
    elif isinstance(exponent, (int, float)) and abs(exponent) > MAX_INT_BITS:
        raise TemplateLimit("乘方的指数太大")


def _check_product(left: Any, right: Any) -> None:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            if len(sequence) * max(count, 0) > MAX_TEXT:
                raise TemplateLimit(f"重复后的文字或列表太长（超过 {MAX_TEXT} 个字符或项）")
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise TemplateLimit("乘积太大")


def _check_growth(owner: Any, name: str, args: tuple[Any, ...]) -> None:
    """Refuse ``replace``/``join`` whose result would be far longer than its inputs."""
    if name == "replace" and isinstance(owner, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = owner.count(old) if old else len(owner) + 1
        grown = len(owner) + count * len(new)
    elif name == "join":
        parts = args[0] if args and isinstance(owner, str) else owner
        separator = owner if isinstance(owner, str) else (args[0] if args else "")
        items = parts if isinstance(parts, (list, tuple, str)) else ()
        grown = sum(_size(item) or 1 for item in items) + len(items) * _size(separator)
    else:
        return
    if grown > MAX_TEXT:
        raise TemplateLimit(f"{name} 的结果太长（超过 {MAX_TEXT} 个字符）")
