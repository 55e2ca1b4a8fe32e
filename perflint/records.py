"""The base of perflint's data classes: a typed ``__init__`` is the whole declaration.

A record class writes its ``__init__`` by hand, storing every parameter under its own
name, and lists those names in ``__slots__`` when its instances are many. From that
signature the base derives what ``dataclasses`` would generate: ``__repr__``, equality
and hashing by value (``eq=False`` in the class statement keeps identity), ``replace``
and, for the classes pydantic validates at the boundary (profiles, configuration), a
pydantic schema.

Why not ``dataclasses``: it writes and compiles each class's methods when the module
is imported — about a millisecond per class, some 80 ms for perflint's ~80 classes
plus ``inspect`` — which was half of a cold ``perflint`` run. A hand-written
``__init__`` is compiled once into the ``.pyc`` and is as fast as a generated one.
Instances are treated as values: nothing mutates a record after building it unless
its class says so.
"""

from __future__ import annotations

from functools import lru_cache

# typing costs a few milliseconds at start-up; annotations here are only strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Record:
    __slots__ = ()

    # The parameters of __init__, in order: the record's fields.
    _fields: tuple[str, ...] = ()

    def __init_subclass__(cls, eq: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = getattr(cls.__init__, "__code__", None)
        if code is None:
            raise TypeError(f"{cls.__name__}: a record declares its fields as the parameters of its own __init__")
        cls._fields = code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount]
        if not eq:
            cls.__eq__ = object.__eq__  # type: ignore[method-assign,assignment]
            cls.__hash__ = object.__hash__  # type: ignore[method-assign,assignment]

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def as_dict(self) -> dict[str, Any]:
        """Field name → value (not recursive)."""
        return {name: getattr(self, name) for name in self._fields}

    def replace(self, **changes: Any) -> Any:
        """A copy with some fields changed, built through ``__init__``."""
        # Not through as_dict: a record may give that its own meaning (Origin drops Nones).
        return type(self)(**{**dict(zip(self._fields, self._values())), **changes})

    @classmethod
    def validated(cls, data: Any) -> Any:
        """``data`` (a mapping of the ``__init__`` parameters) validated by pydantic into
        this record; raises pydantic's ``ValidationError``."""
        return _adapter(cls).validate_python(data)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Validate a mapping of the ``__init__`` parameters; unknown keys are errors.

        Only the boundary classes are ever validated, and only when their files change,
        so ``typing`` and ``inspect`` are imported here rather than at start-up."""
        from pydantic_core import core_schema

        # A record that contains itself (a section's children) refers back by name.
        ref = f"{cls.__module__}.{cls.__qualname__}"
        if ref in _building:
            return core_schema.definition_reference_schema(ref)
        _building.add(ref)
        try:
            return cls._pydantic_schema(handler, ref)
        finally:
            _building.discard(ref)

    @classmethod
    def _pydantic_schema(cls, handler: Any, ref: str) -> Any:
        import inspect
        import typing

        from pydantic_core import core_schema

        hints = typing.get_type_hints(cls.__init__, localns=_annotation_names(), include_extras=True)
        parameters = inspect.signature(cls.__init__).parameters
        fields = {
            name: core_schema.typed_dict_field(
                handler.generate_schema(hints[name]), required=parameters[name].default is inspect.Parameter.empty
            )
            for name in cls._fields
        }
        mapping = core_schema.typed_dict_schema(fields, extra_behavior="forbid")
        return core_schema.no_info_after_validator_function(lambda data: cls(**data), mapping, ref=ref)


@lru_cache(maxsize=None)
def _adapter(cls: type) -> Any:
    """One pydantic validator per record class (building one costs about a millisecond)."""
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


# The records whose pydantic schema is being built, by reference name.
_building: set[str] = set()


def _annotation_names() -> dict[str, Any]:
    """Names the records' annotations may use without importing them at run time (the
    modules import them for type checkers only, to keep ``typing`` out of start-up)."""
    import typing

    import annotated_types

    return {
        "Annotated": typing.Annotated,
        "Any": typing.Any,
        "Literal": typing.Literal,
        "Ge": annotated_types.Ge,
        "Le": annotated_types.Le,
        "MinLen": annotated_types.MinLen,
    }
