"""docs/pytest-plugin.md and docs/fakes.md describe what the code does. Every name they show imports (`from X import
...`, `fakecloud.dotted.names`), every attribute they name on a fake, a world or a run exists (`fake_mns.peek_message`,
`run.replayed`, and the fields listed for a class: "`MessageSnapshot`s (`message_id`, `body`, ...)"), and every
code block runs: fakes.md's Python blocks in order, as one script; pytest-plugin.md's Python blocks as test files
and its YAML blocks as scenario files, run by pytest in a copy of the order example, a Python block followed by a
text block failing with exactly that text."""
import dataclasses
import importlib
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.engine import Engine, Execution
from fakecloud.engine.engine import ParentLink
from fakecloud.engine.history import Event, History
from fakecloud.services.eventbridge import EventBridgeBackend, PutEvent
from fakecloud.services.fc import FcBackend, Function, Invocation, InvocationLog, InvokeResult
from fakecloud.services.mns import Delivery, HttpPush, ListPage, MessageSnapshot, MnsBackend, PublishedMessage
from fakecloud.services.viapi import VisionBackend, VisionCall
from fakecloud.testing import FakeClock, FlowRun, FlowRunner, Script
from fakecloud.testing.step_run import Attempt, StepRun
from fakecloud.testing.trace import Trace
from fakecloud_pytest.fixtures import ScenarioFixture

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PLUGIN_DOC, FAKES_DOC = DOCS / "pytest-plugin.md", DOCS / "fakes.md"
EXAMPLE = ROOT / "examples" / "order"

# The objects the docs write `receiver.attribute` of, by the names they use for them.
RECEIVERS = {
    "fake_mns": MnsBackend, "mns": MnsBackend, "cloud.mns": MnsBackend, "fake_fc": FcBackend, "fc": FcBackend,
    "cloud.fc": FcBackend, "fake_viapi": VisionBackend, "viapi": VisionBackend, "cloud.viapi": VisionBackend,
    "fake_fnf": Engine, "engine": Engine, "cloud.engine": Engine, "cloud.events": EventBridgeBackend,
    "events": EventBridgeBackend, "cloud": FakeCloud, "fake_cloud": FakeCloud, "fake_clock": FakeClock,
    "clock": FakeClock, "flow_runner": FlowRunner, "run": FlowRun, "step": StepRun, "scenario": ScenarioFixture,
    "page": ListPage, "fc.invocations": InvocationLog, "execution": Execution, "execution.history": History,
    "outbox": type(FakeCloud().mns.outbox),
}
# The classes whose fields the docs list, as "`Name`s (`a`, `b`)", "`Name` (`a`, ...)" or "Each `Name` has `a`, ...".
CLASSES = {cls.__name__: cls for cls in (
    MessageSnapshot, PublishedMessage, Delivery, HttpPush, Invocation, InvokeResult, VisionCall, PutEvent, Execution,
    Event, ParentLink, StepRun, Attempt, Trace, ListPage, Function)}


# The classes each page lists the fields of.
LISTED = {"pytest-plugin.md": {"StepRun", "Attempt", "Trace"},
          "fakes.md": {"MessageSnapshot", "PublishedMessage", "Delivery", "Invocation", "VisionCall", "PutEvent",
                       "Execution", "Event", "ParentLink"}}


def blocks(path: Path) -> list[tuple[str, str]]:
    """(language, text) of every fenced code block, in order."""
    return re.findall(r"^```(\w*)\n(.*?)^```", path.read_text(), re.S | re.M)


def prose(path: Path) -> str:
    return re.sub(r"^```\w*\n.*?^```", "", path.read_text(), flags=re.S | re.M)


def fields_of(cls) -> set[str]:
    names = set(dir(FakeCloud())) if cls is FakeCloud else set(dir(cls))     # a world sets its services up itself
    if dataclasses.is_dataclass(cls):
        names |= {f.name for f in dataclasses.fields(cls)}
    names |= set(getattr(cls, "__slots__", ()))
    return names | instance_attributes(cls)


def instance_attributes(cls) -> set[str]:
    """Attributes set in __init__ as `self.x = ...` (also `self.a, self.b = ...`)."""
    import inspect
    try:
        source = inspect.getsource(cls.__init__)
    except (TypeError, OSError):
        return set()
    return set(re.findall(r"self\.(\w+)\s*(?:[:,][^=\n]*)?=", source)) | set(re.findall(r"self\.(\w+),", source))


# -- names ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("doc", [PLUGIN_DOC, FAKES_DOC], ids=lambda p: p.name)
def test_every_name_shown_imports(doc, monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLE))           # the order application the examples import from
    text = doc.read_text()
    imports = re.findall(r"^\s*from ([\w.]+) import ([\w, ()]+)$", text, re.M)
    assert imports
    for module, names in imports:
        for name in re.findall(r"\w+", names):
            assert hasattr(importlib.import_module(module), name), f"{doc.name}: from {module} import {name}"
    for dotted in re.findall(r"`(fakecloud(?:\.\w+)+)", text):
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                target = importlib.import_module(".".join(parts[:cut]))
                break
            except ImportError:
                continue
        for attr in parts[cut:]:
            assert hasattr(target, attr), f"{doc.name}: {dotted}"
            target = getattr(target, attr)
    for name in re.findall(r"`(assert_\w+)\(", text):
        assert hasattr(importlib.import_module("fakecloud.testing"), name), f"{doc.name}: {name}"
    for name, module in re.findall(r"`(\w+)` \([^()]*?from `(fakecloud[\w.]*)`\)", text):
        assert hasattr(importlib.import_module(module), name), f"{doc.name}: {name} from {module}"


@pytest.mark.parametrize("doc", [PLUGIN_DOC, FAKES_DOC], ids=lambda p: p.name)
def test_every_attribute_named_exists(doc):
    text = prose(doc)
    seen = 0
    for receiver, attr in re.findall(r"`((?:[a-z_]+\.)?[a-z_]+)\.([a-z_]+)", text):
        cls = RECEIVERS.get(receiver)
        if cls is None:
            continue
        seen += 1
        assert attr in fields_of(cls), f"{doc.name}: `{receiver}.{attr}`: {cls.__name__} has no {attr}"
    assert seen > 5
    checked = set()
    for name, listed in listed_fields(text):
        for field in re.findall(r"`([a-z_][a-z0-9_]*)(?:\([a-z, ]*\))?`", listed):
            assert field in fields_of(CLASSES[name]), f"{doc.name}: {name} has no {field}"
            checked.add(name)
    assert checked == LISTED[doc.name]


def listed_fields(text: str) -> list[tuple[str, str]]:
    """(class name, the text listing its fields) for "`Name`s (...)", "`Name` (...)" and "`Name` has ...: "."""
    found = []
    for match in re.finditer(r"`([A-Z]\w+)`s? \(", text):
        if match.group(1) in CLASSES:
            found.append((match.group(1), balanced(text, match.end() - 1)))
    for match in re.finditer(r"(?:Each|An?)\s+`([A-Z]\w+)`[\w\s]*? has (.*?)\.(?:\s|$)", text, re.S):
        if match.group(1) in CLASSES:
            found.append((match.group(1), match.group(2)))
    return found


def balanced(text: str, start: int) -> str:
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i]
    return text[start + 1:]


# -- code blocks ------------------------------------------------------------------------------------------------
def test_the_fakes_page_runs_as_one_script():
    code = [text for lang, text in blocks(FAKES_DOC) if lang == "python"]
    assert len(code) >= 8 and [lang for lang, _ in blocks(FAKES_DOC)] == ["python"] * len(code)
    namespace: dict = {}
    for i, text in enumerate(code):
        exec(compile(text, f"{FAKES_DOC.name} block {i + 1}", "exec"), namespace)


@pytest.fixture
def order_app(pytester):
    """A copy of the order example's flows and application code, importable, as the plugin page's tests expect."""
    for folder in ("flows", "app"):
        shutil.copytree(EXAMPLE / folder, pytester.path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    pytester.syspathinsert()
    return pytester


def test_the_plugin_pages_blocks_run(order_app, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    found = blocks(PLUGIN_DOC)
    assert {"python", "yaml", "text"} <= {lang for lang, _ in found} <= {"python", "yaml", "text", "console"}
    expected = {}
    for i, (lang, text) in enumerate(found):
        if lang == "python":
            name = f"test_block_{i}"
            order_app.makepyfile(**{name: text})
            follows = found[i + 1] if i + 1 < len(found) else ("", "")
            expected[name] = follows[1] if follows[0] == "text" else None
        elif lang == "yaml":
            order_app.makefile(".scenario.yaml", **{f"block_{i}": text})
        elif lang == "text":
            assert found[i - 1][0] == "python", "a text block shows the output of the Python block before it"
    for name, failure in expected.items():
        result = order_app.runpytest("-p", "no:cacheprovider", "-q", "--tb=short", f"{name}.py")
        if failure is None:
            result.assert_outcomes(passed=1)
        else:
            result.assert_outcomes(failed=1)
            lines = [line[4:] for line in result.outlines if line.startswith("E   ")]
            assert "\n".join(lines) == textwrap.dedent(failure).rstrip("\n")
    scenarios = order_app.runpytest("-p", "no:cacheprovider", "-q", *(
        str(p) for p in order_app.path.glob("*.scenario.yaml")))
    scenarios.assert_outcomes(passed=sum(1 for lang, _ in found if lang == "yaml"))
