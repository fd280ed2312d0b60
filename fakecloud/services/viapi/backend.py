"""The vision services (facebody, ocr, goodstech, imagerecog, imageseg, imageenhan, objectdet) as one in-process
fake: catalog-checked calls, default or scripted answers, async jobs on the virtual clock, every call recorded."""
from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Mapping, NamedTuple

from fakecloud.fdl.viapi import ApiSpec, Catalog, load_catalog

from ..script import Outcome, Return, Script, Throw
from .errors import VisionError, action_not_found, invalid_parameter, missing_parameter, scripted
from .jobs import SUBMITTED_MESSAGE, AsyncJob, JobRegistry
from .params import check_params, is_missing

GET_ASYNC_JOB_RESULT = "GetAsyncJobResult"
RETIRED_MODES = ("error", "answer")


class _Reply(NamedTuple):
    response: dict[str, Any]
    misses: tuple[str, ...] = ()
    duration: float | None = None


@dataclass(frozen=True)
class VisionCall:
    """One recorded call: what was asked, when (virtual time), on which attempt, and what came back."""
    product: str
    api: str
    params: Any
    time: float
    attempt: int
    response: dict[str, Any] | None = None
    error: VisionError | None = None
    script_misses: tuple[str, ...] = ()     # why no scripted rule answered, when a script exists
    duration: float | None = None           # virtual seconds a scripted answer asked the call to take

    @property
    def ok(self) -> bool:
        return self.error is None

    def __repr__(self) -> str:
        how = "ok" if self.error is None else self.error.flow_error
        return f"VisionCall({self.product}:{self.api}, attempt {self.attempt}, {how})"


class VisionBackend:
    """Answers vision API calls like the service. ``now`` gives virtual seconds; ``new_id(kind)`` gives ids for
    the kinds "request" and "job". ``retired="error"`` answers retired APIs as the service does today (not found);
    ``"answer"`` serves them as they worked when they were current."""

    def __init__(self, now: Callable[[], float], new_id: Callable[[str], str], catalog: Catalog | None = None, *,
                 retired: str = "error", queue_seconds: float = 1.0, process_seconds: float = 2.0,
                 job_retention_seconds: float = 3600.0):
        if retired not in RETIRED_MODES:
            raise ValueError(f"retired must be one of {RETIRED_MODES}, got {retired!r}")
        self._now = now
        self._new_id = new_id
        self.catalog = catalog if catalog is not None else load_catalog()
        self.retired = retired
        self.queue_seconds = queue_seconds
        self.process_seconds = process_seconds
        self.jobs = JobRegistry(job_retention_seconds)
        self.calls: list[VisionCall] = []
        self._scripts: dict[tuple[str, str], Script] = {}
        self._job_scripts: dict[tuple[str, str], Script] = {}
        self._attempts: Counter[tuple[str, str]] = Counter()

    # --- scripting -------------------------------------------------------------------------------------------

    def script(self, product: str, api: str) -> Script:
        """The script answering calls of ``product:api`` (created on first use); unmatched calls get the default."""
        self._spec_or_fail(product, api)
        return self._scripts.setdefault((product, api), Script(f"{product}:{api}"))

    def job_script(self, product: str, api: str) -> Script:
        """For an async API: how its jobs end (Return: success with that response; Throw: PROCESS_FAILED) and,
        through ``duration``, how long they process."""
        if not self._spec_or_fail(product, api).is_async:
            raise ValueError(f"{product}:{api} is not an async API")
        return self._job_scripts.setdefault((product, api), Script(f"{product}:{api} jobs"))

    def has_script(self, product: str, api: str) -> bool:
        """Whether a test scripted the answers of ``product:api``."""
        return (product, api) in self._scripts

    def unused_scripts(self) -> list[str]:
        """Every scripted rule not used as scripted, for a strict check at the end of a test."""
        scripts = list(self._scripts.values()) + list(self._job_scripts.values())
        return [line for script in scripts for line in script.unused()]

    def assert_scripts_used(self) -> None:
        left = self.unused_scripts()
        if left:
            raise AssertionError("scripted vision answers not used:\n  " + "\n  ".join(left))

    # --- calls -----------------------------------------------------------------------------------------------

    def call(self, product: str, api: str, params: Mapping[str, Any], *, attempt: int | None = None) -> dict[str, Any]:
        """Answer one call, or raise its VisionError. ``attempt`` is the 0-based attempt index scripts select on;
        by default, the number of earlier calls of the same API."""
        return self._recorded(product, api, params, attempt, self._answer)

    def get_async_job_result(self, product: str, job_id: str, *, attempt: int | None = None) -> dict[str, Any]:
        """GetAsyncJobResult of ``product`` for ``job_id``, also for products whose catalog does not list it."""
        def answer(product: str, api: str, params: Any, attempt: int) -> _Reply:
            if self.catalog.product(product) is None:
                raise action_not_found(product, api)
            if is_missing(job_id):
                raise missing_parameter(product, "JobId")
            return _Reply(self._job_result(product, job_id))
        return self._recorded(product, GET_ASYNC_JOB_RESULT, {"JobId": job_id}, attempt, answer)

    def calls_to(self, product: str, api: str) -> list[VisionCall]:
        return [c for c in self.calls if c.product == product and c.api == api]

    def reset(self) -> None:
        """Forget scripts, calls, jobs and attempt counts."""
        self._scripts.clear()
        self._job_scripts.clear()
        self.calls.clear()
        self.jobs.clear()
        self._attempts.clear()

    # --- internals -------------------------------------------------------------------------------------------

    def _recorded(self, product: Any, api: Any, params: Any, attempt: int | None,
                  answer: Callable[..., _Reply]) -> dict[str, Any]:
        product, api = _name(product), _name(api)
        key = (product, api)
        if attempt is None:
            attempt = self._attempts[key]
        self._attempts[key] += 1
        time, asked = self._now(), _snapshot(params)
        try:
            reply = answer(product, api, params, attempt)
        except VisionError as err:
            if not err.request_id:
                err.request_id = self._new_id("request")
            self.calls.append(VisionCall(product, api, asked, time, attempt, error=err, duration=err.duration))
            raise
        self.calls.append(VisionCall(product, api, asked, time, attempt, copy.deepcopy(reply.response), None,
                                     reply.misses, reply.duration))
        return reply.response

    def _answer(self, product: str, api: str, params: Any, attempt: int) -> _Reply:
        spec = self.catalog.api(product, api)
        if spec is None:
            raise action_not_found(product, api)
        if spec.retired and self.retired == "error":
            raise action_not_found(product, api, f"{product}:{api} is retired (VisionBackend(retired='answer') "
                                                 "serves it as it was)")
        check_params(spec, params)
        misses: tuple[str, ...] = ()
        script = self._scripts.get((product, api))
        if script:
            lookup = script.find(params, attempt)
            if lookup.outcome is not None:
                return _Reply(self._scripted(spec, lookup.outcome), (), lookup.outcome.duration)
            misses = lookup.reasons
        if api == GET_ASYNC_JOB_RESULT:
            return _Reply(self._job_result(product, params["JobId"]), misses)
        if spec.is_async:
            return self._submit(spec, params, attempt, misses)
        response = spec.example_response()
        response["RequestId"] = self._new_id("request")
        return _Reply(response, misses)

    def _scripted(self, spec: ApiSpec, outcome: Outcome) -> dict[str, Any]:
        if isinstance(outcome, Throw):
            raise scripted(spec.product, outcome.error, outcome.cause, outcome.duration)
        if not isinstance(outcome.value, Mapping):
            raise TypeError(f"a scripted answer of {spec.action} must be a JSON object, got {outcome.value!r}")
        response = copy.deepcopy(dict(outcome.value))
        if "RequestId" not in response:
            response["RequestId"] = self._new_id("request")
        return response

    def _submit(self, spec: ApiSpec, params: Mapping[str, Any], attempt: int,
                misses: tuple[str, ...]) -> _Reply:
        outcome: Outcome = Return(spec.response)        # the job keeps a copy, made below
        script = self._job_scripts.get((spec.product, spec.name))
        if script:
            lookup = script.find(params, attempt)
            if lookup.outcome is not None:
                outcome = lookup.outcome
            else:
                misses += tuple(f"jobs {reason}" for reason in lookup.reasons)
        duration = outcome.duration if outcome.duration is not None else self.process_seconds
        job = AsyncJob(self._new_id("job"), spec.product, spec.name, copy.deepcopy(dict(params)), self._now(),
                       self.queue_seconds, duration, copy.deepcopy(outcome))
        self.jobs.add(job)
        return _Reply({"RequestId": job.job_id, "Message": SUBMITTED_MESSAGE}, misses)

    def _job_result(self, product: str, job_id: Any) -> dict[str, Any]:
        now = self._now()
        job = self.jobs.find(product, job_id, now) if isinstance(job_id, str) else None
        if job is None:
            raise invalid_parameter(product, "JobId", f"no {product} job {job_id!r} (unknown, or older than "
                                                      f"{self.jobs.retention_seconds:g} s)")
        return {"RequestId": self._new_id("request"), "Data": job.data(now)}

    def _spec_or_fail(self, product: str, api: str) -> ApiSpec:
        spec = self.catalog.api(product, api)
        if spec is None:
            raise ValueError(f"{product}:{api} is not in the vision API catalog")
        return spec


def _name(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def _snapshot(params: Any) -> Any:
    try:
        return copy.deepcopy(params)
    except Exception:       # an uncopyable value is recorded as it was given
        return params
