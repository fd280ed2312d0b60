"""`FakeClock`: the world's virtual clock as a test handles it: read it, move it, and `freeze()` freezegun to it
so that handler code reading `datetime.now()` or `time.time()` sees virtual time, following it as it moves."""
from __future__ import annotations

import datetime as _dt


class _VirtualTimeFactory:
    """Stands in freezegun's stack for the factory `freeze_time` made: answers the virtual now, always."""

    def __init__(self, clock):
        self.clock = clock

    def __call__(self) -> _dt.datetime:
        return _dt.datetime(1970, 1, 1) + _dt.timedelta(milliseconds=self.clock.now_ms)

    def tick(self, delta=_dt.timedelta(seconds=1)):
        seconds = delta.total_seconds() if isinstance(delta, _dt.timedelta) else float(delta)
        self.clock.advance(seconds)
        return self()

    def move_to(self, target) -> None:
        raise TypeError("virtual time only moves forward through the world: use fake_clock.advance(seconds)")


class FakeClock:
    def __init__(self, cloud):
        self.cloud = cloud
        self._freezers: list = []

    @property
    def clock(self):
        return self.cloud.clock

    def now(self) -> float:
        """Virtual seconds since the Unix epoch."""
        return self.clock.now()

    @property
    def now_ms(self) -> int:
        return self.clock.now_ms

    def datetime(self) -> _dt.datetime:
        """The virtual now as an aware UTC datetime."""
        return _dt.datetime.fromtimestamp(self.clock.now_ms / 1000, tz=_dt.timezone.utc)

    def iso(self) -> str:
        return self.clock.iso()

    def advance(self, seconds: float) -> None:
        """Move virtual time forward, firing every timer that falls due (and running what they wake)."""
        self.cloud.advance(seconds)

    def freeze(self) -> "FakeClock":
        """Make freezegun report virtual time (until `unfreeze()`, the end of a `with` block or of the test)."""
        from freezegun import api, freeze_time
        freezer = freeze_time(self.datetime().replace(tzinfo=None))
        factory = freezer.start()
        index = api.freeze_factories.index(factory)
        api.freeze_factories[index] = _VirtualTimeFactory(self.clock)
        self._freezers.append(freezer)
        return self

    @property
    def frozen(self) -> bool:
        return bool(self._freezers)

    def unfreeze(self) -> None:
        while self._freezers:
            self._freezers.pop().stop()

    def __enter__(self) -> "FakeClock":
        return self.freeze() if not self._freezers else self

    def __exit__(self, *exc) -> None:
        self.unfreeze()
