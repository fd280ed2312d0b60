"""Running each golden flow to its end leaves nothing of the engine for the cyclic collector: no fiber, scope,
join, execution, task handle, generator, frame or exception of the run is caught in a reference cycle once it is
over, so reference counting frees what a run drops as it goes. (Parsing a definition may leave cycles of the
front end's own; the engine's types are what is checked.)"""
import gc
import types

import pytest
from golden_cases import CASES

RUNNING = (types.FrameType, types.GeneratorType, types.TracebackType, BaseException)


def engine_garbage(case) -> list[str]:
    """The names of the engine's objects (and of frames, generators, tracebacks and exceptions) that `case`
    leaves for the collector while its world is still held."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        world = case()      # noqa: F841  (held while the collector looks)
        gc.collect()
        return sorted({type(o).__name__ for o in gc.garbage
                       if isinstance(o, RUNNING) or type(o).__module__.startswith("fakecloud.engine")})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_a_run_leaves_no_engine_object_in_a_cycle(case):
    assert engine_garbage(case) == []
