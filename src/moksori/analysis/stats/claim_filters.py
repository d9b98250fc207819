"""Conditions over coded facts: `{field: path, any_of | all_of | none_of | equals | exists: ...}`.

A path walks dicts and lists: `events.type` on a survivor gives every event's type,
`actors` on an event gives its actor roles. All conditions of a list must hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Scalar = str | int | float | bool
OPERATORS = ("any_of", "all_of", "none_of", "equals", "exists")


class FilterError(ValueError):
    """A condition in a claim definition is malformed."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One test on the values found at `field`."""

    field: str
    operator: str
    operand: tuple[Scalar, ...]

    def holds(self, item: Mapping[str, object]) -> bool:
        """Whether `item` passes this condition."""
        found = set(values_at(item, self.field))
        wanted = set(self.operand)
        if self.operator == "any_of":
            return bool(found & wanted)
        if self.operator == "all_of":
            return wanted <= found
        if self.operator == "none_of":
            return not found & wanted
        if self.operator == "equals":
            return found == wanted
        return bool(found) == bool(self.operand[0])  # exists

    def to_dict(self) -> dict[str, object]:
        """The condition as written in a claim file."""
        value: object = self.operand[0] if self.operator in ("equals", "exists") else list(self.operand)
        return {"field": self.field, self.operator: value}


def parse_conditions(raw: object, *, where: str) -> tuple[Condition, ...]:
    """Parse a list of conditions; `where` names the claim file and field in errors."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise FilterError(
            f"{where}: must be a list of conditions like {{field: exploitation, any_of: [...]}}"
        )
    return tuple(_condition(item, where=f"{where}[{i}]") for i, item in enumerate(raw))


def _condition(raw: object, *, where: str) -> Condition:
    if not isinstance(raw, dict) or not isinstance(raw.get("field"), str):
        raise FilterError(f"{where}: a condition needs `field:` and one of {', '.join(OPERATORS)}")
    operators = [op for op in OPERATORS if op in raw]
    if len(operators) != 1:
        raise FilterError(f"{where}: give exactly one of {', '.join(OPERATORS)}")
    operator = operators[0]
    value = raw[operator]
    operand = tuple(value) if isinstance(value, list) else (value,)
    return Condition(field=raw["field"], operator=operator, operand=operand)


def all_hold(conditions: Sequence[Condition], item: Mapping[str, object]) -> bool:
    """True when every condition holds (and for an empty list)."""
    return all(c.holds(item) for c in conditions)


def values_at(item: object, path: str) -> Iterable[Scalar]:
    """Every scalar reached by following the dotted `path`, flattening lists on the way."""
    head, _, rest = path.partition(".")
    for node in _flatten(item):
        if not isinstance(node, Mapping) or head not in node:
            continue
        child = node[head]
        if rest:
            yield from values_at(child, rest)
        else:
            yield from (v for v in _flatten(child) if isinstance(v, str | int | float | bool))


def _flatten(node: object) -> Iterable[object]:
    if isinstance(node, list | tuple):
        for child in node:
            yield from _flatten(child)
    elif node is not None:
        yield node
