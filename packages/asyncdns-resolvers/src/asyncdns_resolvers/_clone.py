"""Fast shallow copies of the codec's slotted objects (records, EDNS) for the reply cache.

``copy.copy`` on a ``__slots__`` class goes through ``__reduce_ex__`` and costs several
microseconds; a cache hit must copy every record it returns, so this module generates, once per
class, a function that allocates the instance and assigns each slot directly (as ``dataclasses``
does for ``__init__``), which is about twenty times faster. Classes the generator cannot copy
faithfully (instances with a ``__dict__``, a custom ``__copy__``/``__reduce_ex__``, or
name-mangled slots) fall back to ``copy.copy``.

The copies are shallow: slot values are shared, which is safe for the codec's values (bytes,
ints, tuples and other immutable objects).
"""

from __future__ import annotations

import copy
import keyword
from collections.abc import Callable
from typing import Any, TypeVar, cast

from asyncdns_wire.rr import RR

__all__ = ["clone_function", "record_cloner"]

_T = TypeVar("_T")
_R = TypeVar("_R", bound=RR)

RecordCloner = Callable[[RR, int], RR]
"""``cloner(record, ttl)``: a copy of *record* with another TTL (no range check)."""

_RECORD_CLONERS: dict[type, RecordCloner] = {}
_CLONERS: dict[type, Callable[[Any], Any]] = {}
# Methods that change what copy.copy does: a class defining any of them keeps copy.copy.
_COPY_HOOKS = ("__copy__", "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__")


def _slot_names(cls: type) -> tuple[str, ...] | None:
    """Every slot of *cls* and its bases, or ``None`` when a generated copy would be wrong."""
    if cls.__dictoffset__ or any(
        name in klass.__dict__ for klass in cls.__mro__[:-1] for name in _COPY_HOOKS
    ):
        return None
    names: list[str] = []
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        for name in slots:
            if name == "__weakref__":
                continue
            if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("__"):
                return None
            if name not in names:
                names.append(name)
    return tuple(names)


def _generate(cls: type, names: tuple[str, ...], ttl: bool) -> Callable[..., Any]:
    """Compile ``clone(src[, ttl])`` assigning each slot; an unset slot falls back to copy."""
    body = [f"        obj.{n} = src.{n}" for n in names if not (ttl and n == "ttl")]
    lines = [
        "def clone(src, ttl):" if ttl else "def clone(src):",
        "    obj = _new(_cls)",
        "    try:",
        *(body or ["        pass"]),
        "    except AttributeError:",
        "        obj = _copy(src)",
    ]
    if ttl:
        lines.append("    obj.ttl = ttl")
    lines.append("    return obj")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_copy": copy.copy}
    exec("\n".join(lines), namespace)  # the names are checked identifiers
    return cast(Callable[..., Any], namespace["clone"])


def record_cloner(cls: type[_R]) -> RecordCloner:
    """The copier for records of class *cls*: ``cloner(record, ttl)`` returns a new record.

    Args:
        cls: a subclass of :class:`~asyncdns_wire.rr.RR`.

    Returns:
        A function of (record, ttl); the TTL is assigned as given, not range-checked.
    """
    cloner = _RECORD_CLONERS.get(cls)
    if cloner is None:
        names = _slot_names(cls)
        if names is None or "ttl" not in names:
            cloner = _fallback_record
        else:
            cloner = cast(RecordCloner, _generate(cls, names, ttl=True))
        _RECORD_CLONERS[cls] = cloner
    return cloner


def clone_function(cls: type[_T]) -> Callable[[_T], _T]:
    """The shallow copier for instances of *cls* (e.g. :class:`~asyncdns_wire.Edns`).

    Args:
        cls: any class; slotted classes get a generated copier, others ``copy.copy``.

    Returns:
        A function of one instance returning its shallow copy.
    """
    cloner = _CLONERS.get(cls)
    if cloner is None:
        names = _slot_names(cls)
        cloner = copy.copy if names is None else _generate(cls, names, ttl=False)
        _CLONERS[cls] = cloner
    return cast(Callable[[_T], _T], cloner)


def _fallback_record(record: RR, ttl: int) -> RR:
    clone = copy.copy(record)
    clone.ttl = ttl
    return clone
