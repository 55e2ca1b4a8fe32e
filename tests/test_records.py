"""perflint.records: what the data classes get from their hand-written ``__init__``."""

from __future__ import annotations

import pickle

import pytest
from pydantic import TypeAdapter, ValidationError

from perflint.records import Record


class Point(Record):
    __slots__ = ("x", "y", "tags")

    def __init__(self, x: int, y: int = 0, tags: tuple[str, ...] = ()) -> None:
        self.x = x
        self.y = y
        self.tags = tags


class Node(Record, eq=False):
    def __init__(self, name: str, children: tuple[Node, ...] = (), weight: Annotated[int, Ge(0)] = 1) -> None:
        self.name = name
        self.children = children
        self.weight = weight
        if name == "bad":
            raise ValueError("name must not be 'bad'")


TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Annotated

    from annotated_types import Ge


def test_fields_are_the_init_parameters_in_order():
    assert Point._fields == ("x", "y", "tags")
    assert Point(1, tags=("a",)).as_dict() == {"x": 1, "y": 0, "tags": ("a",)}


def test_value_equality_hash_and_repr():
    assert Point(1, 2) == Point(1, 2) and hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != (1, 2, ())  # another type is never equal
    assert len({Point(1, 2), Point(1, 2), Point(3)}) == 2
    assert repr(Point(1, tags=("a",))) == "Point(x=1, y=0, tags=('a',))"


def test_eq_false_keeps_identity():
    a, b = Node("a"), Node("a")
    assert a != b and a == a
    assert len({a, b}) == 2


def test_a_record_without_its_own_init_is_refused():
    with pytest.raises(TypeError, match="parameters of its own __init__"):

        class Empty(Record):
            pass


def test_replace_builds_a_new_record_through_init():
    point = Point(1, 2)
    moved = point.replace(y=5)
    assert moved == Point(1, 5) and point == Point(1, 2)
    with pytest.raises(TypeError):
        point.replace(z=1)
    with pytest.raises(ValueError):
        Node("a").replace(name="bad")


def test_replace_keeps_every_field_whatever_as_dict_means():
    from perflint.origins import Origin

    origin = Origin(page=3)
    assert origin.as_dict() == {"page": 3}  # Origin's own meaning: only what applies
    assert origin.replace(cell=2) == Origin(page=3, cell=2)


def test_slotted_and_unslotted_records_pickle():
    assert pickle.loads(pickle.dumps(Point(1, 2, ("a",)))) == Point(1, 2, ("a",))
    tree = pickle.loads(pickle.dumps(Node("root", (Node("leaf"),))))
    assert tree.children[0].name == "leaf"


def test_pydantic_validates_the_init_signature_recursively():
    adapter = TypeAdapter(Node)
    tree = adapter.validate_python({"name": "root", "children": [{"name": "a", "children": [{"name": "b", "weight": 3}]}]})
    assert tree.children[0].children[0].weight == 3 and isinstance(tree.children[0], Node)
    problems = {}
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python({"name": "root", "colour": "red", "children": [{"weight": -1}]})
    for error in caught.value.errors():
        problems[tuple(error["loc"])] = error["type"]
    assert problems == {
        ("colour",): "extra_forbidden",
        ("children", 0, "name"): "missing",
        ("children", 0, "weight"): "greater_than_equal",
    }
    with pytest.raises(ValidationError, match="name must not be 'bad'"):
        adapter.validate_python({"name": "bad"})
