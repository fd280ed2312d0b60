"""The CloudFlow state-machine dialect (`Type: StateMachine`) of the front end: its typed model, the parser and
checks, compiled expressions (paths, built-in functions, Choice conditions) that the engine evaluates, and lint."""
from __future__ import annotations

from .expressions import (Condition, EvaluationError, Expression, ExpressionSyntaxError, compile_condition,
                          compile_expression)
from .lint import lint
from .model import StateMachine, walk
from .parser import EXECUTION_MODES, parse_state_machine

__all__ = ("Condition", "EXECUTION_MODES", "EvaluationError", "Expression", "ExpressionSyntaxError", "StateMachine",
           "compile_condition", "compile_expression", "lint", "parse_state_machine", "walk")
