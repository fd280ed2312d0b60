"""Async vision jobs: submission, the QUEUING → PROCESSING → PROCESS_SUCCESS/FAILED lifecycle on the virtual clock,
GetAsyncJobResult answers and errors."""
from __future__ import annotations

import pytest

from fakecloud.fdl.viapi import Catalog
from fakecloud.services.viapi import SUBMITTED_MESSAGE, VisionBackend, VisionError

TRIM = {"FileURL": "https://example.oss-cn-shanghai.aliyuncs.com/in.pdf", "FileType": "pdf", "OutputType": "json"}


def submit(vision, **params):
    return vision.call("ocr", "TrimDocument", {**TRIM, **params})


def job_data(job_id, status, result="", code="", message=""):
    return {"JobId": job_id, "Status": status, "Result": result, "ErrorCode": code, "ErrorMessage": message}


def raises(fn, *args, **kwargs) -> VisionError:
    with pytest.raises(VisionError) as info:
        fn(*args, **kwargs)
    return info.value


def test_submission_answers_with_the_job_id_as_request_id(vision_2021, ids):
    assert submit(vision_2021) == {"RequestId": "job-1", "Message": SUBMITTED_MESSAGE}
    assert ids.kinds == ["job"]
    job = next(iter(vision_2021.jobs))
    assert (job.job_id, job.product, job.api, job.params, job.submitted_at) == (
        "job-1", "ocr", "TrimDocument", TRIM, 0.0)


def test_the_lifecycle_on_the_virtual_clock(vision_2021, clock):
    clock.now = 100.0
    job_id = submit(vision_2021)["RequestId"]
    seen = {}
    for t in (100.0, 100.999, 101.0, 102.5, 102.999, 103.0, 500.0):
        clock.now = t
        seen[t] = vision_2021.get_async_job_result("ocr", job_id)["Data"]["Status"]
    assert seen == {100.0: "QUEUING", 100.999: "QUEUING", 101.0: "PROCESSING", 102.5: "PROCESSING",
                    102.999: "PROCESSING", 103.0: "PROCESS_SUCCESS", 500.0: "PROCESS_SUCCESS"}


def test_exact_answers_through_the_lifecycle(vision_2021, clock):
    job_id = submit(vision_2021)["RequestId"]
    assert vision_2021.get_async_job_result("ocr", job_id) == {
        "RequestId": "request-2", "Data": job_data("job-1", "QUEUING")}
    clock.now = 1.0
    assert vision_2021.get_async_job_result("ocr", job_id) == {
        "RequestId": "request-3", "Data": job_data("job-1", "PROCESSING")}
    clock.now = 3.0
    assert vision_2021.get_async_job_result("ocr", job_id) == {
        "RequestId": "request-4", "Data": job_data("job-1", "PROCESS_SUCCESS", result='{"Content":"sample"}')}


def test_the_catalog_api_get_async_job_result_reads_the_same_jobs(vision_2021, clock):
    job_id = submit(vision_2021)["RequestId"]
    clock.now = 10.0
    response = vision_2021.call("ocr", "GetAsyncJobResult", {"JobId": job_id})
    assert response["Data"]["Status"] == "PROCESS_SUCCESS"
    assert [c.api for c in vision_2021.calls] == ["TrimDocument", "GetAsyncJobResult"]


def test_durations_are_configurable(clock, ids):
    vision = VisionBackend(clock, ids, retired="answer", queue_seconds=0.0, process_seconds=30.0)
    job_id = submit(vision)["RequestId"]
    assert vision.get_async_job_result("ocr", job_id)["Data"]["Status"] == "PROCESSING"
    clock.now = 29.9
    assert vision.get_async_job_result("ocr", job_id)["Data"]["Status"] == "PROCESSING"
    clock.now = 30.0
    assert vision.get_async_job_result("ocr", job_id)["Data"]["Status"] == "PROCESS_SUCCESS"


def test_a_scripted_job_failure_with_its_own_duration(vision_2021, clock):
    (vision_2021.job_script("ocr", "TrimDocument")
     .throws("ocr.InvalidFile.Content", "The file cannot be parsed.", attempt="0", duration=10)
     .returns({"Data": {"Content": "<html/>"}}, duration=0.5))
    failing = submit(vision_2021)["RequestId"]
    passing = submit(vision_2021)["RequestId"]
    clock.now = 1.5
    assert vision_2021.get_async_job_result("ocr", failing)["Data"]["Status"] == "PROCESSING"
    assert vision_2021.get_async_job_result("ocr", passing)["Data"] == job_data(
        passing, "PROCESS_SUCCESS", result='{"Content":"<html/>"}')
    clock.now = 11.0
    assert vision_2021.get_async_job_result("ocr", failing)["Data"] == job_data(
        failing, "PROCESS_FAILED", code="InvalidFile.Content", message="The file cannot be parsed.")
    vision_2021.assert_scripts_used()


def test_job_results_keep_non_ascii_text(vision_2021, clock):
    vision_2021.job_script("ocr", "TrimDocument").returns({"Data": {"Content": "发票"}})
    job_id = submit(vision_2021)["RequestId"]
    clock.now = 3.0
    assert vision_2021.get_async_job_result("ocr", job_id)["Data"]["Result"] == '{"Content":"发票"}'


def test_a_scripted_submission_error_creates_no_job(vision_2021):
    vision_2021.script("ocr", "TrimDocument").throws("Throttling", "Request was denied due to flow control.")
    err = raises(submit, vision_2021)
    assert (err.flow_error, err.status) == ("ocr.Throttling", 400)
    assert len(vision_2021.jobs) == 0


def test_job_script_misses_are_recorded(vision_2021):
    vision_2021.job_script("ocr", "TrimDocument").throws("InternalError", when={"FileType": "docx"})
    submit(vision_2021)
    assert vision_2021.calls[0].script_misses == ("jobs rule 0: input['FileType'] is 'pdf', not 'docx'",)


def test_only_async_apis_have_job_scripts(vision):
    with pytest.raises(ValueError, match="ocr:RecognizeBankCard is not an async API"):
        vision.job_script("ocr", "RecognizeBankCard")


# --- errors --------------------------------------------------------------------------------------------------

def test_an_unknown_job_id(vision):
    err = raises(vision.get_async_job_result, "ocr", "job-404")
    assert (err.flow_error, err.status, err.message) == (
        "ocr.InvalidParameter", 400, 'The specified parameter "JobId" is not valid.')
    assert err.hint == "no ocr job 'job-404' (unknown, or older than 3600 s)"
    assert raises(vision.call, "ocr", "GetAsyncJobResult", {"JobId": "job-404"}).code == "InvalidParameter"


def test_a_job_of_another_product_is_unknown(vision_2021):
    job_id = submit(vision_2021)["RequestId"]
    assert raises(vision_2021.get_async_job_result, "imageseg", job_id).flow_error == "imageseg.InvalidParameter"


def test_jobs_are_kept_one_hour(vision_2021, clock):
    job_id = submit(vision_2021)["RequestId"]
    clock.now = 3599.9
    assert vision_2021.get_async_job_result("ocr", job_id)["Data"]["Status"] == "PROCESS_SUCCESS"
    clock.now = 3600.0
    assert raises(vision_2021.get_async_job_result, "ocr", job_id).code == "InvalidParameter"


@pytest.mark.parametrize("job_id", ["", None])
def test_a_missing_job_id(vision, job_id):
    err = raises(vision.get_async_job_result, "ocr", job_id)
    assert (err.code, err.message) == ("MissingJobId", "JobId is mandatory for this action.")
    assert raises(vision.call, "ocr", "GetAsyncJobResult", {"JobId": job_id}).code == "MissingJobId"


def test_a_job_id_that_is_not_text(vision):
    assert raises(vision.get_async_job_result, "ocr", 7).code == "InvalidParameter"
    assert raises(vision.call, "ocr", "GetAsyncJobResult", {"JobId": ["job-1"]}).code == "InvalidParameter"


def test_get_async_job_result_of_an_unknown_product(vision):
    assert raises(vision.get_async_job_result, "nosuch", "job-1").flow_error == "nosuch.InvalidAction.NotFound"


def test_retired_async_api_is_not_found_today(vision):
    assert raises(submit, vision).flow_error == "ocr.InvalidAction.NotFound"


def test_a_current_async_api_from_another_catalog(clock, ids):
    catalog = Catalog.from_data({"products": {"imageseg": {"version": "2019-12-30", "apis": {
        "SegmentVideoBody": {"required": ["VideoUrl"], "types": {"VideoUrl": "string"}, "async": True,
                             "response": {"Data": {"VideoUrl": "https://out/v.mp4"}, "RequestId": "x"}}}}}})
    vision = VisionBackend(clock, ids, catalog)
    job_id = vision.call("imageseg", "SegmentVideoBody", {"VideoUrl": "https://in/v.mp4"})["RequestId"]
    clock.now = 3.0
    assert vision.get_async_job_result("imageseg", job_id)["Data"] == job_data(
        job_id, "PROCESS_SUCCESS", result='{"VideoUrl":"https://out/v.mp4"}')
