"""Rendered histories are pinned: every case of golden_cases, rendered every way a user reads a history, hashes to
the digest recorded in history_digests.json (made before the engine's hot paths were reworked), so a faster path
that changes one byte of an event, a page, a timeline line or the CLI's JSON fails here."""
import json
from pathlib import Path

import golden_cases as g
import pytest

EXPECTED = json.loads((Path(__file__).parent / "history_digests.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", g.CASES, ids=lambda c: c.__name__)
def test_rendered_history_is_byte_identical(case):
    assert g.digest(g.rendering(*case())) == EXPECTED[case.__name__]


def test_cli_json_output_is_byte_identical():
    assert g.digest(g.cli_json(40)) == EXPECTED["cli_json_40"]


def test_every_case_has_a_digest():
    assert sorted(EXPECTED) == sorted([c.__name__ for c in g.CASES] + ["cli_json_40"])
