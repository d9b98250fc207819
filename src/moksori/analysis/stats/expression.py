"""Arithmetic over named inputs, parsed with `ast` and evaluated by walking the tree (never `eval`)."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}


class ExpressionError(ValueError):
    """The output expression uses something other than numbers, input names, + - * / and parentheses."""


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed output expression and the input names it uses."""

    text: str
    tree: ast.expr
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, FloatArray | float]) -> FloatArray:
        """The expression over arrays (or scalars) given for every name it uses."""
        return np.asarray(_evaluate(self.tree, values), dtype=np.float64)


def parse_expression(text: str, known_names: frozenset[str] | set[str]) -> Expression:
    """Parse `text`; raise ExpressionError naming the offending part and what is allowed."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as err:
        raise ExpressionError(
            f"output expression is not valid arithmetic ({err.msg}); fix the `output:` line"
        ) from None
    names = _check(tree, frozenset(known_names))
    return Expression(text=text.strip(), tree=tree, names=names)


def _check(node: ast.expr, known: frozenset[str]) -> frozenset[str]:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _check(node.left, known) | _check(node.right, known)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _check(node.operand, known)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return frozenset()
    if isinstance(node, ast.Name):
        if node.id not in known:
            raise ExpressionError(
                f"output expression uses {node.id!r}, which is not an input; "
                f"define it under `inputs:` or use one of: {', '.join(sorted(known))}"
            )
        return frozenset({node.id})
    raise ExpressionError(
        f"output expression may only use numbers, input names, + - * / and parentheses; "
        f"found {type(node).__name__} in {ast.unparse(node)!r}"
    )


def _evaluate(node: ast.expr, values: Mapping[str, FloatArray | float]) -> FloatArray | float:
    if isinstance(node, ast.BinOp):
        operation = _BINARY[type(node.op)]
        return operation(_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    assert isinstance(node, ast.Name)  # _check admitted nothing else
    return values[node.id]
