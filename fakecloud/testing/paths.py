"""Step paths and the patterns that select them: `reserve`, `items[3]/resize`, `fanout.branch[1]/notify`,
`child:ship/label`, `items[*]/resize`; a leading `/` anchors a pattern at the top-level flow."""
from __future__ import annotations

import re


class PathPattern:
    """A pattern over step paths. It matches a path whose last segments equal its segments (all of them when
    anchored with a leading `/`); `*` stands for any text inside one segment (`items[*]`, `*`)."""
    __slots__ = ("text", "anchored", "segments", "_regexes", "wildcards")

    def __init__(self, text: str):
        if not isinstance(text, str) or not text.strip("/ "):
            raise ValueError(f"a step path pattern is a non-empty string like 'charge' or 'items[3]/resize', "
                             f"got {text!r}")
        self.text = text
        self.anchored = text.startswith("/")
        self.segments = tuple(text.strip("/").split("/"))
        if any(not s for s in self.segments):
            raise ValueError(f"step path pattern {text!r} has an empty segment")
        self._regexes = tuple(re.compile(re.escape(s).replace(r"\*", "[^/]*")) if "*" in s else None
                              for s in self.segments)
        self.wildcards = sum(s.count("*") for s in self.segments)

    @property
    def specificity(self) -> tuple[int, int, int]:
        """Larger is more specific: anchored, more segments, fewer wildcards."""
        return (int(self.anchored), len(self.segments), -self.wildcards)

    def matches(self, path: str) -> bool:
        parts = path.split("/")
        n = len(self.segments)
        if len(parts) < n or (self.anchored and len(parts) != n):
            return False
        for want, regex, got in zip(self.segments, self._regexes, parts[-n:]):
            if regex is None:
                if want != got:
                    return False
            elif not regex.fullmatch(got):
                return False
        return True

    def __repr__(self) -> str:
        return f"PathPattern({self.text!r})"


def step_name(path: str) -> str:
    """The step's own name: the last segment of its path."""
    return path.rsplit("/", 1)[-1]


def child_prefix(task_path: str) -> str:
    """The path prefix of the steps of a subflow started by the task at `task_path`: `a[1]/ship` -> `a[1]/child:ship/`."""
    head, _, name = task_path.rpartition("/")
    return f"{head}/child:{name}/" if head else f"child:{name}/"

