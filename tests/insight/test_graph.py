"""`fakecloud graph`: Mermaid text, SVG and HTML pictures of a flow with every step type."""
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from fakecloud.cli import main
from fakecloud.fdl import load_flow
from fakecloud.insight.dialects import shape_of
from fakecloud.insight.graph import draw

FLOWS = Path(__file__).parent / "flows"
EVERY_KIND = str(FLOWS / "every-kind.yaml")
SVG = "{http://www.w3.org/2000/svg}"

MERMAID = """flowchart TD
  n0(["start"]):::k_start
  n1("charge<br/><small>task · FC shop/charge</small>"):::k_task
  n2["pause<br/><small>wait · 60 s</small>"]:::k_wait
  n3{{"route<br/><small>choice</small>"}}:::k_choice
  n4[["fanout<br/><small>parallel</small>"]]:::k_parallel
  n5[["items<br/><small>foreach · each item in $.items</small>"]]:::k_foreach
  n6[["ship<br/><small>task · flow pay (sync)</small>"]]:::k_task
  n7["early<br/><small>succeed</small>"]:::k_succeed
  n8(("join")):::k_join
  n9["done<br/><small>pass</small>"]:::k_pass
  n10>"refuse<br/><small>fail · error Refused</small>"]:::k_fail
  n11(["end"]):::k_end
  n1 --> n2
  n1 -. "FnF.ALL" .-> n10
  n2 --> n3
  n3 -. "$.express == true" .-> n9
  n6 -.-> n5
  n5 -- "each item" --> n6
  n5 -- "done" --> n8
  n4 -- "branch 0" --> n5
  n7 --> n8
  n4 -- "branch 1" --> n7
  n8 --> n9
  n3 -- "default" --> n4
  n9 --> n11
  n0 --> n1
  classDef k_fail stroke:#c62828,stroke-width:2px
  classDef k_succeed stroke:#2e7d32,stroke-width:2px
  classDef k_start fill:#f0f4f8
  classDef k_end fill:#f0f4f8
"""


def test_mermaid_draws_every_step_type_with_its_own_shape_and_every_edge(capsys):
    assert main(["graph", EVERY_KIND]) == 0
    assert capsys.readouterr().out == MERMAID


def _nodes(svg_text: str) -> dict:
    root = ET.fromstring(svg_text.split("\n", 1)[1])
    return root, {g.get("data-node"): g for g in root.iter(f"{SVG}g") if g.get("data-node")}


def test_the_svg_has_a_shape_per_node_kind_and_an_arrow_per_edge(capsys):
    assert main(["graph", EVERY_KIND, "--format", "svg"]) == 0
    root, nodes = _nodes(capsys.readouterr().out)
    kinds = {g.get("data-path"): g.get("class") for g in nodes.values()}
    assert kinds == {
        "start": "node k-start", "charge": "node k-task", "pause": "node k-wait", "route": "node k-choice",
        "fanout": "node k-parallel", "fanout.branch[0]/items": "node k-foreach",
        "fanout.branch[0]/items[*]/ship": "node k-task", "fanout.branch[1]/early": "node k-succeed",
        "fanout (join)": "node k-join", "done": "node k-pass", "refuse": "node k-fail", "end": "node k-end"}
    by_path = {g.get("data-path"): g for g in nodes.values()}
    assert by_path["route"].find(f"{SVG}polygon") is not None                      # a choice is a hexagon
    for doubled in ("fanout", "fanout.branch[0]/items", "fanout.branch[0]/items[*]/ship"):   # containers, subflow
        assert len(by_path[doubled].findall(f"{SVG}rect")) == 2
    assert len(by_path["charge"].findall(f"{SVG}rect")) == 1
    edges = [g.get("class") for g in root.iter(f"{SVG}g") if g.get("data-edge")]
    assert sorted(edges) == sorted(["edge k-next"] * 7 + ["edge k-catch", "edge k-goto", "edge k-loop",
                                                          "edge k-choice"] + ["edge k-fork"] * 3)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"FnF.ALL", "$.express == true", "each item", "branch 0", "default"} <= set(texts)
    width, height = float(root.get("width")), float(root.get("height"))
    for g in nodes.values():                        # every box lies inside the picture
        for rect in g.findall(f"{SVG}rect"):
            assert 0 <= float(rect.get("x")) and float(rect.get("x")) + float(rect.get("width")) <= width
            assert float(rect.get("y")) + float(rect.get("height")) <= height


def test_the_html_page_is_self_contained_and_describes_each_node(tmp_path, capsys):
    out = tmp_path / "every.html"
    assert main(["graph", EVERY_KIND, "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: html picture of {EVERY_KIND}\n"
    page = out.read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)    # nothing fetched from anywhere
    assert "@import" not in page and "url(http" not in page
    data = json.loads(re.search(r'<script type="application/json" id="fc-data">(.*?)</script>', page, re.S)[1])
    charge = data["details"]["flow|steps[0]"]
    assert charge == {"title": "charge", "fields": [
        ["kind", "task"], ["path", "charge"], ["definition", f"{EVERY_KIND}:4"], ["does", "FC shop/charge"],
        ["retry policy 1", "FC.ResourceThrottled"], ["catch 1", "FnF.ALL -> refuse"]]}
    assert data["details"]["flow|steps[2].default.steps[0].branches[0].steps[0].steps[0]"]["fields"][4] == \
        ["starts flow", "pay"]
    assert page.count('class="node ') == 12


def test_the_picture_is_the_same_every_time():
    shape = shape_of(load_flow(EVERY_KIND), "every-kind")
    assert draw(shape, "svg") == draw(shape_of(load_flow(EVERY_KIND), "every-kind"), "svg")


def test_an_invalid_definition_is_reported_and_not_drawn(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: v1\ntype: flow\nsteps:\n  - type: paralel\n    name: x\n")
    assert main(["graph", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{bad}:4:11: error: steps[0].type: unknown step type 'paralel'" in captured.err
    assert main(["graph", EVERY_KIND, "-o", str(tmp_path / "no" / "such" / "dir.svg")]) == 2
    assert "fakecloud graph: error:" in capsys.readouterr().err
