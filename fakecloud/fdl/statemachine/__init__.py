"""The CloudFlow state-machine dialect (`Type: StateMachine`) of the front end: compiled expressions (paths,
built-in functions, Choice conditions) that the engine evaluates."""
from __future__ import annotations

from .expressions import (Condition, EvaluationError, Expression, ExpressionSyntaxError, compile_condition,
                          compile_expression)

__all__ = ["Condition", "EvaluationError", "Expression", "ExpressionSyntaxError", "compile_condition",
           "compile_expression"]
