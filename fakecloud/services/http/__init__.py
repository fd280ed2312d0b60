"""The HTTP fake: a world of routes the test sets up (`responses`-style), answering `HTTP:Request` tasks and
recording every request they send."""
from .routes import HttpResponse, Route
from .world import CALLBACK_TOKEN_HEADER, HttpCall, HttpWorld

__all__ = ("CALLBACK_TOKEN_HEADER", "HttpCall", "HttpResponse", "HttpWorld", "Route")
