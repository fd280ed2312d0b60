"""The single-threaded discrete-event loop: fibers (generators running a branch, an iteration or a flow) and a
FIFO ready queue. A fiber suspends by yielding a cancel hook after arranging who will wake it (a timer, a task
completion, a join of child fibers); nothing here knows about time or threads."""
from __future__ import annotations

from collections import deque
from typing import Any, Callable

from .errors import Cancelled, StepError, Terminated


class Scheduler:
    __slots__ = ("ready", "current", "running", "deferred")

    def __init__(self):
        self.ready: deque = deque()      # (callable, argument) pairs, run in order
        self.current: Fiber | None = None
        self.running = False
        self.deferred = 0                # fibers a join runs at once rather than queues, not yet run (Join.begin)

    def reset(self) -> None:
        """Drop everything runnable (the fibers of a world being reset)."""
        self.ready.clear()
        self.current = None
        self.deferred = 0

    def call_soon(self, fn: Callable[[Any], None], arg: Any = None) -> None:
        self.ready.append((fn, arg))

    def run(self) -> None:
        """Run everything runnable, including what becomes runnable meanwhile. Re-entrant calls return at once."""
        if self.running:
            return
        self.running = True
        ready = self.ready
        try:
            while ready:
                fn, arg = ready.popleft()
                fn(arg)
        finally:
            self.running = False


class Fiber:
    """One generator driven by the scheduler. `on_exit(result, error)` is called once when it returns or fails
    with a StepError; a fiber that is cancelled or terminated exits silently."""
    __slots__ = ("scheduler", "gen", "on_exit", "on_crash", "cancel_hook", "done", "running")

    def __init__(self, scheduler: Scheduler, gen, on_exit: Callable, on_crash: Callable):
        self.scheduler = scheduler
        self.gen = gen
        self.on_exit = on_exit
        self.on_crash = on_crash
        self.cancel_hook = None
        self.done = False
        self.running = False     # stepping now (a join runs its first children from inside its parent's step)

    def start(self) -> None:
        self.scheduler.ready.append((self.step, None))

    def wake(self, value: Any = None) -> None:
        if not self.done:
            self.scheduler.ready.append((self.step, value))

    def step(self, value: Any) -> None:
        if self.done:
            return
        scheduler = self.scheduler
        outer = scheduler.current
        scheduler.current = self
        self.cancel_hook = None
        self.running = True
        try:
            self.cancel_hook = self.gen.send(value)
            return
        except StopIteration as stop:
            self.done = True
            result, error = stop.value, None
        except StepError as exc:
            self.done = True
            result, error = None, exc.with_traceback(None)     # its frames would hold it in a cycle
        except (Terminated, Cancelled):
            self.done = True
            return
        except Exception as exc:   # a bug, or an exception from user code the integration did not turn into an error
            self.done = True
            scheduler.current = outer
            self.on_crash(exc)
            raise
        finally:
            scheduler.current = outer
            self.running = False
            if self.done:       # an ended fiber lets go of its generator and of what its callbacks close over
                on_exit, self.gen, self.on_exit, self.on_crash = self.on_exit, None, None, None
        on_exit(result, error)

    def cancel(self, cause: str) -> None:
        """Stop a suspended fiber: run its cancel hook, then throw Cancelled into it so enclosing steps can
        record that they were cancelled. A fiber that is running (or whose step runs the one that asks) is never
        cancelled from inside itself: it ends at its next event, which the ended execution refuses."""
        if self.done or self.running:
            return
        self.done = True
        hook, self.cancel_hook = self.cancel_hook, None
        if hook is not None:
            hook()
        scheduler = self.scheduler
        outer = scheduler.current
        scheduler.current = self
        try:
            self.gen.throw(Cancelled(cause))
        except (Cancelled, Terminated, StopIteration, StepError):
            pass
        else:
            self.gen.close()
        finally:
            scheduler.current = outer
            self.gen = self.on_exit = self.on_crash = None
