"""Call-time parameter checks of a vision API: required parameters present, values readable as the catalog's types
(judged as the gateway reads the wire text they become); unknown parameters are ignored, as the gateway does."""
from __future__ import annotations

import math
import re
from typing import Any, Mapping

from fakecloud.fdl.viapi import ApiSpec

from .errors import VisionError, invalid_parameter, missing_parameter

_INTEGER = re.compile(r"[+-]?\d+")


def is_missing(value: Any) -> bool:
    """None, an empty string and an empty list or object send nothing on the wire."""
    return value is None or (isinstance(value, (str, list, tuple, dict)) and len(value) == 0)


def check_params(spec: ApiSpec, params: Any) -> None:
    """Raise the service's VisionError for the first problem: a non-object, a missing parameter, a bad value."""
    if not isinstance(params, Mapping) or not all(isinstance(k, str) for k in params):
        raise VisionError(spec.product, "InvalidParameter", "The request parameters are not valid.", 400,
                          hint=f"parameters must be an object with string keys, got {type(params).__name__}")
    for name in spec.required:
        if is_missing(params.get(name)):
            raise missing_parameter(spec.product, name)
    for name, value in params.items():
        kind = spec.types.get(name)
        if kind is None or is_missing(value):
            continue
        if not fits(kind, value):
            raise invalid_parameter(spec.product, name, f"expected {kind}, got {value!r}")


def fits(kind: str, value: Any) -> bool:
    """Whether ``value`` reads as the catalog type ``kind`` (string, integer, number, boolean, array, object):
    ``"5"`` is a valid integer and ``"true"`` a valid boolean, but a boolean is not a number and a list not a string."""
    if kind == "string":
        return isinstance(value, str) or _is_number(value)
    if kind == "integer":
        if isinstance(value, str):
            return bool(_INTEGER.fullmatch(value.strip()))
        return _is_number(value) and float(value).is_integer()
    if kind == "number":
        if isinstance(value, str):
            try:
                return math.isfinite(float(value))
            except ValueError:
                return False
        return _is_number(value)
    if kind == "boolean":
        return isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in ("true", "false"))
    if kind == "array":
        return isinstance(value, (list, tuple))
    if kind == "object":
        return isinstance(value, Mapping)
    return True     # a type the catalog does not know: nothing to check


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
