"""Rule options: declared by each rule, defaulted by the templates, overridden per rule
by the config.

A rule that takes options declares them next to its code as a nested dataclass,
``Options``: fields in Python names (written kebab-case in TOML), each followed by an
attribute docstring that is its documentation. A rule reads them with
``self.options(ctx)``. Values come in layers, the later winning:

1. the field's default in the declaration, or the ``[rules.CODE]`` table of
   ``rules/_defaults.toml`` for values that are data rather than code (word lists);
2. the ``[rules.CODE]`` table of the report's template (``rules/*.toml``);
3. the ``[rules.CODE]`` table of the config file (``perflint.toml``).

Tables may name a rule by code or by name. The first two layers are validated together
when the templates are loaded (a field no layer gives a value is an error in the
template); the config's values one by one when the config is read. ``resolve`` lays
the config over the template's options: that is the one place options are combined.
"""

import ast
import inspect
import textwrap
import typing
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass, replace
from functools import cache
from typing import Any

from perflint.validation import Invalid, kebab, validate


def snake(name: str) -> str:
    return name.replace("-", "_")


def option_names(options_type: type) -> list[str]:
    """The kebab-case names a rule's ``Options`` accepts, in declaration order."""
    return [kebab(field.name) for field in fields(options_type)]


@cache
def option_types(options_type: type) -> dict[str, Any]:
    """Kebab-case option name → its type (for validating one value of a config table)."""
    hints = typing.get_type_hints(options_type)
    return {kebab(field.name): hints[field.name] for field in fields(options_type)}


def validate_value(options_type: type, name: str, value: Any) -> Any:
    """One option's value validated by its declared type; raises ``Invalid``."""
    return validate(option_types(options_type)[name], value)


def build(options_type: type, table: Mapping[str, Any]) -> Any:
    """The options of a rule from its merged TOML table (kebab-case keys); raises
    ``Invalid`` naming the bad key, or the option no layer gave a value."""
    missing = [
        kebab(field.name)
        for field in fields(options_type)
        if field.default is MISSING and field.default_factory is MISSING and kebab(field.name) not in table
    ]
    if missing:
        raise Invalid([(name, "no value: rules/_defaults.toml or the template must give one") for name in missing])
    return validate(options_type, dict(table))


def resolve(base: Any, overrides: Mapping[str, Any]) -> Any:
    """``base`` (a rule's options from its template) with the config's ``overrides``
    (kebab-case names, values already validated) laid over it."""
    if not overrides:
        return base
    return replace(base, **{snake(name): value for name, value in overrides.items()})


def attribute_docs(cls: type) -> dict[str, str]:
    """Field name → the docstring written under it in the class body (for the docs;
    pydantic does not read attribute docstrings of standard dataclasses)."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    body = ast.parse(source).body[0]
    assert isinstance(body, ast.ClassDef)
    docs: dict[str, str] = {}
    statements = body.body
    for statement, following in zip(statements, statements[1:]):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = " ".join(inspect.cleandoc(following.value.value).split())
    return docs


def is_options_type(value: object) -> bool:
    return isinstance(value, type) and is_dataclass(value)
