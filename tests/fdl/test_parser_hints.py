"""Hints for mistakes found in real flows: a fail step's `errorMessage` (the field is `cause`) and a step of type
`flow` (a subflow is a task with `resourceArn: acs:fnf:::flow/NAME`)."""
from parser_errors_support import HEAD, as_tuple, only_error


def test_error_message_on_a_fail_step():
    d = only_error(HEAD + "- type: fail\n  name: f\n  error: Rejected\n  errorMessage: no stock\n")
    assert as_tuple(d) == (7, 3, "steps[0].errorMessage", "unknown-field",
                           "unknown field 'errorMessage' in a fail step (a fail step's message is 'cause', its error "
                           "name 'error')")


def test_a_step_of_type_flow():
    d = only_error(HEAD + "- type: flow\n  name: child\n")
    assert as_tuple(d) == (4, 9, "steps[0].type", "unknown-step-type",
                           "unknown step type 'flow': a subflow is a task step with 'resourceArn: "
                           "acs:fnf:::flow/NAME'; step types are task, pass, wait, choice, succeed, fail, parallel, "
                           "foreach")
