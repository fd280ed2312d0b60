"""Checklist: every open question of the reference (fdl-semantics §13, Q1-Q19) and every construct the public
corpus of real flows uses, each pointing at the tests that pin it with exact outputs and histories.

References are `file::test` relative to tests/engine ("c/" stands for conformance/); the test below checks
that every referenced test exists, so the table cannot silently rot.

The table is CHECKLIST below: first Q1-Q19 (each with the rule as decided in docs/semantics.md), then the
corpus constructs grouped by what they are (step kinds and nestings, sources and paths, conditions, targets and
patterns, error handling), then the seed document's examples, the real-time clock and determinism.
"""
import ast
from pathlib import Path

import pytest

ENGINE_TESTS = Path(__file__).parent.parent

CHECKLIST: dict[str, list[str]] = {
    # -- the reference's open questions ------------------------------------------------------------------------
    "Q1 succeed ends the innermost parallel branch, foreach iteration or the flow; choice options transparent": [
        "c/test_questions_q1_to_q5.py::test_q1_succeed_in_a_choice_option_ends_the_iteration_not_the_foreach",
        "c/test_questions_q1_to_q5.py::test_q1_succeed_in_nested_choices_ends_only_its_parallel_branch",
        "c/test_fixture_flows.py::test_reminders_snooze_loops_inside_an_iteration_and_succeed_ends_only_the_iteration",
        "c/test_fixture_flows.py::test_approval_loop_polls_back_to_the_wait_until_approved",
        "test_engine_steps.py::test_succeed_inside_a_choice_option_ends_the_sequence_holding_the_choice",
        "test_engine_steps.py::test_succeed_scope_switch_sequence_ends_only_the_option"],
    "Q2 choice default is optional; without it and no match the choice completes": [
        "c/test_questions_q1_to_q5.py::test_q2_choice_without_default_completes_and_falls_through",
        "test_engine_steps.py::test_choice_without_default_just_completes"],
    "Q3 `$.x` (and `$`) as a mapping source is a literal string": [
        "c/test_questions_q1_to_q5.py::test_q3_dollar_dot_in_a_mapping_is_a_constant",
        "c/test_seed_examples_mns.py::test_mns_topic_wait_for_callback_as_printed_sends_literal_attributes_and_fails_to_submit"],
    "Q4 a missing mapping path fails the step (FnF.InvalidMapping), catch not retry; lenient switch; conditions null": [
        "c/test_questions_q1_to_q5.py::test_q4_missing_input_path_on_a_task_goes_to_catch_without_retry_or_invocation",
        "c/test_questions_q1_to_q5.py::test_q4_missing_output_path_after_a_successful_invocation_is_caught_too",
        "c/test_questions_q1_to_q5.py::test_q4_missing_service_params_path_fails_the_step_and_the_flow",
        "c/test_questions_q1_to_q5.py::test_q4_flow_level_mappings_fail_the_execution",
        "c/test_questions_q1_to_q5.py::test_q4_lenient_switch_reads_missing_paths_as_null",
        "c/test_fixture_flows.py::test_integrations_rejected_audit_is_caught_then_a_missing_mapping_fails_the_flow",
        "c/test_seed_examples_vision.py::test_vision_example_input_as_printed_misses_the_mapped_key"],
    "Q5 fail without error: error and cause are \"\"; only FnF.ALL catches it in a parent": [
        "c/test_questions_q1_to_q5.py::test_q5_child_fail_without_error_is_caught_only_by_fnf_all",
        "c/test_fixture_flows.py::test_loan_desk_task_timeout_uses_the_default_policy_values_then_fnf_all_catch",
        "test_engine_steps.py::test_q5_fail_without_error_has_empty_error_and_cause"],
    "Q6 condition semantics: truthiness, structural ==, mixed-type ordering false, !, parentheses, missing null": [
        "c/test_questions_q6_to_q10.py::test_q6_truthiness_of_a_bare_path",
        "c/test_questions_q6_to_q10.py::test_q6_comparisons_structural_equality_negation_and_missing_paths",
        "c/test_fixture_flows.py::test_approval_loop_escalates_through_an_option_with_steps_then_rejects",
        "test_engine_seed_and_questions.py::test_q6_mixed_type_ordering_is_false_and_missing_is_null"],
    "Q7 an FC error body without errorType is FC.Unknown with the raw body as cause": [
        "c/test_questions_q6_to_q10.py::test_q7_function_timeout_is_fc_unknown_with_the_raw_body"],
    "Q8 a timed-out sync child is FnF.Timeout to its parent; an empty child error stays \"\"": [
        "c/test_questions_q6_to_q10.py::test_q8_timed_out_child_is_fnf_timeout_in_the_parent",
        "c/test_questions_q1_to_q5.py::test_q5_child_fail_without_error_is_caught_only_by_fnf_all",
        "test_engine_executions.py::test_subflow_sync_child_stopped_or_timed_out"],
    "Q9 $local of requestResponse subflow {FlowName, ExecutionName, RequestId}, async FC {}, MNS queue reply": [
        "c/test_questions_q6_to_q10.py::test_q9_request_response_locals",
        "c/test_seed_examples_subflows.py::test_subflow_request_response_with_service_params_and_output_mappings",
        "c/test_seed_examples_fc.py::test_fc_async_in_the_three_patterns",
        "c/test_seed_examples_mns.py::test_mns_queue_message_body_is_the_mapped_input"],
    "Q10 32 KiB and 5000-event limits fail the execution, uncatchably": [
        "c/test_questions_q6_to_q10.py::test_q10_data_size_is_not_catchable",
        "c/test_questions_q6_to_q10.py::test_q10_event_limit_is_not_catchable_and_the_failure_is_the_last_event",
        "test_engine_executions.py::test_foreach_over_1000_items_fails_on_the_event_limit",
        "test_engine_executions.py::test_step_data_size_limit"],
    "Q11 first matching retry policy only, per-policy counter, exhausted goes to catch": [
        "test_engine_tasks.py::test_first_matching_policy_only_with_its_own_counter",
        "c/test_fixture_flows.py::test_loan_desk_retries_the_first_policy_then_lends",
        "c/test_fixture_flows.py::test_loan_desk_fnf_all_policy_with_zero_attempts_goes_straight_to_catch",
        "c/test_questions_q11_to_q19.py::test_q11_catch_goto_back_to_the_same_task_is_a_new_step_run"],
    "Q12 a catch entry without goto is rejected at definition time": [
        "test_engine_seed_and_questions.py::test_q12_q18_rejected_at_definition_time"],
    "Q13 parallel/foreach fail fast: siblings cancelled (FnF.Cancelled), first error propagates": [
        "c/test_questions_q11_to_q19.py::test_q13_foreach_fail_fast_with_max_concurrency",
        "test_engine_steps.py::test_parallel_fail_fast_cancels_waiting_branches_and_records_it",
        "test_engine_steps.py::test_foreach_fail_fast_cancels_the_iterations_in_flight"],
    "Q14 no default task or flow timeout (bounded by the 1-year limit)": [
        "test_engine_seed_and_questions.py::test_q14_callback_without_timeouts_waits_until_the_execution_limit"],
    "Q15 maxConcurrency 1..100, default 100; results in collection order": [
        "c/test_questions_q11_to_q19.py::test_q15_max_concurrency_one_is_serial_and_results_keep_collection_order",
        "test_engine_steps.py::test_foreach_max_concurrency_limits_iterations_in_flight",
        "test_engine_steps.py::test_foreach_concurrency_is_capped_by_the_limit"],
    "Q16 context object: flow.id/name, execution.name, step.name/eventId/iterationIndex, task.token": [
        "c/test_questions_q11_to_q19.py::test_q16_context_fields_inside_nested_steps",
        "c/test_seed_examples_subflows.py::test_context_object_example_maps_flow_execution_and_token",
        "test_engine_dataflow.py::test_context_object_fields",
        "test_engine_dataflow.py::test_task_token_exists_only_on_wait_for_callback_tasks"],
    "Q17 event details and ScheduleEventId chains": [
        "c/test_questions_q11_to_q19.py::test_q17_schedule_event_ids_and_times_of_a_retried_task_in_an_iteration",
        "c/test_fixture_flows.py::test_media_fanout_nested_containers",
        "test_engine_dataflow.py::test_two_pass_steps_history_is_exactly_the_services_shape"],
    "Q18 a goto outside the sibling list is rejected at definition time": [
        "test_engine_seed_and_questions.py::test_q12_q18_rejected_at_definition_time",
        "c/test_seed_examples_vision.py::test_vision_example_layout_as_printed_is_rejected"],
    "Q19 {**input, **local}: local wins; outputs merge shallowly": [
        "c/test_questions_q11_to_q19.py::test_q19_later_outputs_overwrite_input_keys_and_earlier_outputs_shallowly",
        "test_engine_dataflow.py::test_q19_local_overrides_input_on_key_collision"],

    # -- corpus constructs: flow level ---------------------------------------------------------------------------
    "version v1 and v1beta1 (quoted or not)": [
        "c/test_fixture_flows.py::test_media_fanout_nested_containers",
        "c/test_fixture_flows.py::test_reminders_nested_default_of_the_default",
        "c/test_fixture_flows.py::test_approval_loop_default_goto"],
    "flow outputMappings (and inputMappings, timeoutSeconds, name)": [
        "c/test_fixture_flows.py::test_loan_desk_retries_the_first_policy_then_lends",
        "c/test_questions_q1_to_q5.py::test_q4_flow_level_mappings_fail_the_execution",
        "test_engine_executions.py::test_flow_timeout_ends_timed_out"],
    # -- step kinds and nestings ---------------------------------------------------------------------------------
    "pass with constant outputMappings of every YAML kind (str, '', int, -1, float, bool, null, {}, [], maps)": [
        "c/test_fixture_flows.py::test_loan_desk_retries_the_first_policy_then_lends",
        "test_engine_dataflow.py::test_literal_sources_of_every_yaml_kind"],
    "pass with inputMappings; pass with end: true": [
        "c/test_corpus_constructs.py::test_foreach_of_callback_tasks_reported_by_the_invoked_function",
        "c/test_corpus_constructs.py::test_stopped_child_error_is_caught_by_the_parent_and_end_skips_the_post_action"],
    "task with end: true before catch-only fail steps": [
        "c/test_fixture_flows.py::test_loan_desk_retries_the_first_policy_then_lends"],
    "wait duration constant; duration from a path; timestamp constant with offset; timestamp from a path": [
        "c/test_fixture_flows.py::test_approval_loop_polls_back_to_the_wait_until_approved",
        "c/test_fixture_flows.py::test_reminders_snooze_loops_inside_an_iteration_and_succeed_ends_only_the_iteration"],
    "choice options: condition+goto, condition+steps, condition+steps+goto; choice inputMappings": [
        "c/test_fixture_flows.py::test_approval_loop_escalates_through_an_option_with_steps_then_rejects",
        "c/test_fixture_flows.py::test_reminders_nested_default_of_the_default"],
    "choice default: goto / steps / absent; choice nested in a default": [
        "c/test_fixture_flows.py::test_approval_loop_default_goto",
        "c/test_fixture_flows.py::test_reminders_choice_nested_in_a_default_runs_a_foreach",
        "c/test_questions_q1_to_q5.py::test_q2_choice_without_default_completes_and_falls_through"],
    "goto loops backwards (polling) and forwards; catch goto back to the same task": [
        "c/test_fixture_flows.py::test_approval_loop_polls_back_to_the_wait_until_approved",
        "c/test_corpus_constructs.py::test_per_item_catch_inside_an_iteration_and_a_boolean_path_loop",
        "c/test_questions_q11_to_q19.py::test_q11_catch_goto_back_to_the_same_task_is_a_new_step_run"],
    "succeed as a goto target at top level and inside a foreach iteration": [
        "c/test_fixture_flows.py::test_approval_loop_polls_back_to_the_wait_until_approved",
        "c/test_fixture_flows.py::test_reminders_snooze_loops_inside_an_iteration_and_succeed_ends_only_the_iteration"],
    "fail with error and cause; fail without either": [
        "c/test_fixture_flows.py::test_loan_desk_catches_a_named_error_into_a_fail_step",
        "c/test_fixture_flows.py::test_loan_desk_task_timeout_uses_the_default_policy_values_then_fnf_all_catch"],
    "parallel (with a nested parallel); foreach in parallel; foreach in foreach; foreach in a choice": [
        "c/test_fixture_flows.py::test_media_fanout_nested_containers",
        "c/test_fixture_flows.py::test_reminders_choice_nested_in_a_default_runs_a_foreach"],
    "task, wait, choice, pass, succeed inside foreach iterations; task and pass inside choice options": [
        "c/test_fixture_flows.py::test_reminders_snooze_loops_inside_an_iteration_and_succeed_ends_only_the_iteration",
        "c/test_fixture_flows.py::test_approval_loop_escalates_through_an_option_with_steps_then_rejects"],
    "foreach: iterationMapping with and without index, foreach inputMappings, outputMappings, empty collection": [
        "c/test_fixture_flows.py::test_media_fanout_nested_containers",
        "c/test_fixture_flows.py::test_reminders_choice_nested_in_a_default_runs_a_foreach"],
    # -- sources and paths ---------------------------------------------------------------------------------------
    "$input, $input.x, $input.x.y, $input.x[0], $input.x[1], $input.events[0].a.b.c, ['quoted name']": [
        "c/test_corpus_constructs.py::test_path_forms_of_real_flows",
        "c/test_fixture_flows.py::test_media_fanout_nested_containers",
        "c/test_fixture_flows.py::test_loan_desk_retries_the_first_policy_then_lends"],
    "$local, $local.x, $local.x.y.z, $local[*].x, $local[*].x[*] (flattened), $local[1].x[0]": [
        "c/test_fixture_flows.py::test_media_fanout_nested_containers",
        "c/test_corpus_constructs.py::test_path_forms_of_real_flows",
        "c/test_corpus_constructs.py::test_foreach_of_callback_tasks_reported_by_the_invoked_function"],
    "$context.task.token, $context.flow.name, $context.execution.name, $context.step.eventId, iterationIndex": [
        "c/test_fixture_flows.py::test_integrations_every_kind_of_target",
        "c/test_fixture_flows.py::test_approval_loop_polls_back_to_the_wait_until_approved",
        "c/test_fixture_flows.py::test_media_fanout_nested_containers"],
    "conditions: == string/number, !=, <, <=, >=, path vs path, bare path, && with || in parentheses, !": [
        "c/test_fixture_flows.py::test_approval_loop_escalates_through_an_option_with_steps_then_rejects",
        "c/test_fixture_flows.py::test_reminders_choice_nested_in_a_default_runs_a_foreach",
        "c/test_corpus_constructs.py::test_per_item_catch_inside_an_iteration_and_a_boolean_path_loop",
        "c/test_questions_q6_to_q10.py::test_q6_comparisons_structural_equality_negation_and_missing_paths"],
    # -- targets and patterns ------------------------------------------------------------------------------------
    "FC acs:fc:::services/s/functions/f; region, account, qualifier (.LATEST, .PROD, .v2); ${...} and <...>": [
        "c/test_fixture_flows.py::test_media_fanout_nested_containers",
        "c/test_fixture_flows.py::test_loan_desk_retries_the_first_policy_then_lends"],
    "!Ref service/function (default pattern and waitForCallback)": [
        "c/test_fixture_flows.py::test_integrations_every_kind_of_target"],
    "FC waitForCallback with and without InvocationType: Async; FC async requestResponse and sync": [
        "c/test_fixture_flows.py::test_integrations_every_kind_of_target",
        "c/test_corpus_constructs.py::test_foreach_of_callback_tasks_reported_by_the_invoked_function",
        "c/test_seed_examples_fc.py::test_fc_async_in_the_three_patterns"],
    "subflow requestResponse, sync (Input: $, ExecutionName: $.x), waitForCallback with the token in the input": [
        "c/test_fixture_flows.py::test_integrations_every_kind_of_target",
        "c/test_corpus_constructs.py::test_wait_any_the_first_report_wins_and_later_ones_are_already_completed"],
    "sync child failing (fail error, StopExecution error) caught by name in the parent": [
        "c/test_fixture_flows.py::test_integrations_rejected_audit_is_caught_then_a_missing_mapping_fails_the_flow",
        "c/test_corpus_constructs.py::test_stopped_child_error_is_caught_by_the_parent_and_end_skips_the_post_action",
        "test_engine_executions.py::test_subflow_sync_child_fail_reaches_parent_retry_and_catch_by_name"],
    "MNS topic waitForCallback with MessageBody: $; MNS queue with DelaySeconds and Priority": [
        "c/test_fixture_flows.py::test_integrations_every_kind_of_target",
        "c/test_seed_examples_mns.py::test_mns_queue_wait_for_callback_worker_reports_with_the_token"],
    "action: facebody/ocr/goodstech APIs with serviceParams (paths and constants)": [
        "c/test_fixture_flows.py::test_integrations_every_kind_of_target",
        "c/test_seed_examples_vision.py::test_vision_classify_retries_busy_then_iterates_the_categories"],
    "action: fnf:StartExecution (FlowName from $context.flow.name) and catch fnf.ExecutionAlreadyExists": [
        "c/test_fixture_flows.py::test_integrations_fnf_api_error_is_caught_by_its_prefixed_name"],
    # -- errors, retry, catch ------------------------------------------------------------------------------------
    "retry with all fields, with only errors (defaults), two policies on one task, maxAttempts 0": [
        "c/test_fixture_flows.py::test_loan_desk_retries_the_first_policy_then_lends",
        "c/test_fixture_flows.py::test_loan_desk_task_timeout_uses_the_default_policy_values_then_fnf_all_catch",
        "c/test_fixture_flows.py::test_loan_desk_fnf_all_policy_with_zero_attempts_goes_straight_to_catch",
        "test_engine_tasks.py::test_max_interval_caps_each_delay"],
    "FC.* system errors and FnF.TaskTimeout in retry lists": [
        "c/test_fixture_flows.py::test_loan_desk_task_timeout_uses_the_default_policy_values_then_fnf_all_catch",
        "c/test_questions_q11_to_q19.py::test_q17_schedule_event_ids_and_times_of_a_retried_task_in_an_iteration"],
    "custom function error names (errorType) in retry and catch; several catch entries; errorMappings": [
        "c/test_fixture_flows.py::test_loan_desk_catches_a_named_error_into_a_fail_step",
        "test_engine_tasks.py::test_function_error_is_named_by_its_error_type"],
    "catch FnF.ALL (per item inside a foreach, to a sibling fail, to a notify step)": [
        "c/test_corpus_constructs.py::test_per_item_catch_inside_an_iteration_and_a_boolean_path_loop",
        "c/test_fixture_flows.py::test_loan_desk_fnf_all_policy_with_zero_attempts_goes_straight_to_catch"],
    "FnF.InvalidLocal and FnF.RuntimeError as catchable names": [
        "test_engine_tasks.py::test_function_results_must_be_json_objects",
        "test_engine_steps.py::test_foreach_empty_collection_and_bad_collections"],
    "{product}.{Code} vision errors in retry and catch": [
        "c/test_seed_examples_vision.py::test_vision_classify_retries_busy_then_iterates_the_categories",
        "c/test_seed_examples_vision.py::test_vision_error_caught_by_its_prefixed_code_jumps_to_the_fail_step"],

    # -- the seed document's examples ----------------------------------------------------------------------------
    "seed: requestResponse / sync / waitForCallback patterns (subflow flowABC)": [
        "c/test_seed_examples_subflows.py::test_pattern_request_response_moves_on_while_the_child_runs",
        "c/test_seed_examples_subflows.py::test_pattern_sync_waits_for_the_child_and_takes_its_output",
        "c/test_seed_examples_subflows.py::test_pattern_wait_for_callback_pauses_until_the_token_is_reported"],
    "seed: context object mapping example": [
        "c/test_seed_examples_subflows.py::test_context_object_example_maps_flow_execution_and_token"],
    "seed: subflow integration (requestResponse outputs, sync in parallel, waitForCallback, typos rejected)": [
        "c/test_seed_examples_subflows.py::test_subflow_request_response_with_service_params_and_output_mappings",
        "c/test_seed_examples_subflows.py::test_subflow_sync_in_a_parallel_branch_and_wait_for_callback_with_the_token",
        "c/test_seed_examples_subflows.py::test_subflow_examples_as_printed_are_rejected"],
    "seed: FC async integration (default sync, three async patterns, StatefulAsyncInvocationID)": [
        "c/test_seed_examples_fc.py::test_fc_default_is_a_synchronous_invocation",
        "c/test_seed_examples_fc.py::test_fc_async_in_the_three_patterns",
        "c/test_seed_examples_fc.py::test_fc_recommended_example_names_the_stateful_invocation_after_the_execution"],
    "seed: MNS queue (MessageBody $, DelaySeconds, Priority, waitForCallback)": [
        "c/test_seed_examples_mns.py::test_mns_queue_message_body_is_the_mapped_input",
        "c/test_seed_examples_mns.py::test_mns_queue_wait_for_callback_worker_reports_with_the_token"],
    "seed: MNS topic (publish reply mappings, mail attributes, waitForCallback as printed and as meant)": [
        "c/test_seed_examples_mns.py::test_mns_topic_request_response_maps_the_publish_reply",
        "c/test_seed_examples_mns.py::test_mns_topic_wait_for_callback_as_printed_sends_literal_attributes_and_fails_to_submit",
        "c/test_seed_examples_mns.py::test_mns_topic_wait_for_callback_with_input_paths_is_reported_by_a_subscriber"],
    "seed: vision ClassifyCommodity + foreach with $context.step.iterationIndex": [
        "c/test_seed_examples_vision.py::test_vision_classify_retries_busy_then_iterates_the_categories",
        "c/test_seed_examples_vision.py::test_vision_error_caught_by_its_prefixed_code_jumps_to_the_fail_step",
        "c/test_seed_examples_vision.py::test_vision_example_input_as_printed_misses_the_mapped_key",
        "c/test_seed_examples_vision.py::test_vision_example_layout_as_printed_is_rejected"],

    # -- clocks and determinism ----------------------------------------------------------------------------------
    "real-time clock, scaled, bounded": [
        "c/test_real_clock.py::test_a_wait_takes_scaled_real_time_and_is_never_skipped",
        "c/test_real_clock.py::test_a_callback_deadline_fires_as_real_time_passes"],
    "determinism: every fixture scenario twice, byte-identical history": [
        "c/test_fixture_flows.py::test_every_fixture_scenario_gives_a_byte_identical_history_twice",
        "test_engine_executions.py::test_determinism_byte_identical_histories"],
}


def _functions(relative: str) -> set[str]:
    path = ENGINE_TESTS / relative.replace("c/", "conformance/", 1)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("item", list(CHECKLIST))
def test_every_checklist_item_points_at_existing_tests(item):
    refs = CHECKLIST[item]
    assert refs, item
    missing = [ref for ref in refs if ref.split("::")[1] not in _functions(ref.split("::")[0])]
    assert missing == []


def test_every_question_is_listed():
    listed = {item.split()[0] for item in CHECKLIST if item.startswith("Q")}
    assert listed == {f"Q{n}" for n in range(1, 20)}
