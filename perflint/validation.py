"""Validation at the boundary: data read from TOML checked by pydantic into dataclasses.

Profiles and config files are written in kebab-case (``low-execution-rate``); the
dataclasses that hold them use Python names. A dataclass opts in by setting
``__pydantic_config__ = KEBAB_CASE``: pydantic then reads its fields under their
kebab-case names and refuses unknown keys. pydantic is imported only here, and only
when a file is validated, since a run whose profiles come from the cache never needs it.
"""

import json
from typing import Any, TypeVar

T = TypeVar("T")


def kebab(name: str) -> str:
    return name.replace("_", "-")


# pydantic's configuration (a ConfigDict, which is a plain dict) for kebab-case files.
KEBAB_CASE: dict[str, Any] = {"extra": "forbid", "alias_generator": kebab, "validate_by_name": False}


class Invalid(Exception):
    """Data that does not fit its dataclass; ``problems`` are ``(key path, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))
        self.problems = problems


# One pydantic validator per validated type: building one costs about a millisecond.
_ADAPTERS: dict[Any, Any] = {}


def _adapter(cls: Any) -> Any:
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


_UNKNOWN = frozenset({"extra_forbidden", "unexpected_keyword_argument"})


def validate(cls: type[T], data: Any) -> T:
    """``data`` read from TOML validated into ``cls``; raises ``Invalid`` naming each bad key.

    Validation is pydantic's strict mode for JSON input, which is TOML's own
    strictness: an array fills a tuple, a number a Decimal, but a string is never a
    boolean or a number (``check-start = "no"`` is an error, not false)."""
    from pydantic import ValidationError

    try:
        return _adapter(cls).validate_json(json.dumps(data, default=str, ensure_ascii=False), strict=True)  # type: ignore[no-any-return]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "(top)"
            if error["type"] in _UNKNOWN:
                message = "unknown key"
            elif error["type"] == "value_error":
                message = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
            else:
                message = error["msg"]
            problems.append((where, message))
        raise Invalid(problems) from None


def at_least(count: int, name: str, value: tuple[Any, ...] | str) -> None:
    """A length check for ``__post_init__`` (annotated_types' MinLen costs a cold start
    an import it does not otherwise need)."""
    if len(value) < count:
        raise ValueError(f"{name} needs at least {count} {'item' if count == 1 else 'items'}")
