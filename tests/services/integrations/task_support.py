"""A state-machine task attempt built by hand, as the engine builds one under THE CONTRACT: the typed target of
`fdl.actions`, evaluated Parameters, the TaskMode under its old-dialect name and, for WaitForCustomCallback, the
task token; the answer is whatever the integration that answers the target returns."""
from fakecloud.engine.integrations import TaskRequest
from fakecloud.fdl.actions import parse_action
from fakecloud.fdl.targets import REQUEST_RESPONSE

TOKEN = "token-of-the-task"


def request(cloud, action: str, params, *, pattern: str = REQUEST_RESPONSE, token=None, attempt: int = 0,
            path: str = "Call") -> TaskRequest:
    target = parse_action(action)
    return TaskRequest(cloud.engine, None, path.rsplit("/", 1)[-1], target, pattern, {}, params, {}, token, attempt,
                       None, None, path, 0, cloud.engine.integration_for(target))


def invoke(cloud, action: str, params, **options):
    """One attempt of a task calling `action` with `params`, answered by the world's integration for it."""
    req = request(cloud, action, params, **options)
    return req.integration.invoke(req)
