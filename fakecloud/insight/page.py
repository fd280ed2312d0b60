"""The frame every HTML picture shares: one self-contained file (style and script inline, no font, script or image
fetched from anywhere), a details panel that shows what a clicked node or timeline row holds, and the data those
details come from as JSON inside the page. The script sets `data-ready` on the body once it has run."""
from __future__ import annotations

import json
from html import escape

CSS = """
body { font: 14px/1.45 sans-serif; color: #1f2933; margin: 0; background: #f5f7fa; }
header { background: #243b53; color: #ffffff; padding: 12px 20px; }
header h1 { font-size: 18px; margin: 0; }
header p { margin: 4px 0 0; color: #d9e2ec; }
main { display: flex; gap: 16px; padding: 16px 20px; align-items: flex-start; }
.content { flex: 1 1 auto; min-width: 0; }
section { background: #ffffff; border: 1px solid #d9e2ec; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
section h2 { font-size: 15px; margin: 0 0 8px; }
.scroll { overflow-x: auto; }
aside { flex: 0 0 340px; position: sticky; top: 16px; background: #ffffff; border: 1px solid #d9e2ec;
        border-radius: 6px; padding: 12px 16px; max-height: 90vh; overflow: auto; }
aside h2 { font-size: 15px; margin: 0 0 6px; }
aside h3 { font-size: 12px; text-transform: uppercase; color: #52606d; margin: 10px 0 2px; }
aside pre { background: #f0f4f8; padding: 6px 8px; border-radius: 4px; white-space: pre-wrap; word-break: break-all;
            font-size: 12px; margin: 0; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { color: #52606d; font-weight: 600; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 4px;
            vertical-align: -2px; border: 2px solid; }
.faults td { white-space: nowrap; cursor: pointer; }
.ok { color: #2f8132; } .bad { color: #c62828; } .warn { color: #cb6e17; }
.source { font: 12px/1.5 monospace; }
.source td { border: 0; padding: 0 8px; white-space: pre; }
.source .ln { color: #9aa5b1; text-align: right; user-select: none; }
.source tr.covered td.code { background: #e3f9e5; }
.source tr.partial td.code { background: #fff3c4; }
.source tr.missed td.code { background: #ffe3e3; }
.source .why { color: #52606d; font-family: sans-serif; white-space: normal; min-width: 300px; }
"""

SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('fc-data').textContent);
  var panel = document.getElementById('fc-detail');
  var selected = null;
  function show(key, element) {
    var d = data.details[key];
    if (!d || !panel) { return; }
    panel.textContent = '';
    var h = document.createElement('h2');
    h.textContent = d.title;
    panel.appendChild(h);
    d.fields.forEach(function (field) {
      var h3 = document.createElement('h3');
      h3.textContent = field[0];
      var pre = document.createElement('pre');
      pre.textContent = field[1];
      panel.appendChild(h3);
      panel.appendChild(pre);
    });
    if (selected) { selected.classList.remove('selected'); }
    selected = element;
    if (element) { element.classList.add('selected'); }
  }
  document.querySelectorAll('svg .node[data-node]').forEach(function (el) {
    var key = el.closest('svg').id + '|' + el.getAttribute('data-node');
    el.addEventListener('click', function () { show(key, el); });
  });
  document.querySelectorAll('[data-detail]').forEach(function (el) {
    el.addEventListener('click', function () { show(el.getAttribute('data-detail'), el); });
  });
  if (data.first) { show(data.first, document.querySelector('[data-detail="' + data.first + '"]')); }
  document.body.setAttribute('data-ready', '1');
})();
"""

LEGEND_RUN = (("#2f8132", "#e3f9e5", "ran"), ("#cb6e17", "#fff3c4", "failed, caught"),
              ("#c62828", "#ffe3e3", "failed"), ("#186faf", "#dceefb", "running"),
              ("#7b1fa2", "#ffffff", "where it diverges"), ("#7b8794", "#ffffff", "did not run"))
LEGEND_COVERAGE = (("#2f8132", "#e3f9e5", "every goal covered"), ("#cb6e17", "#fff3c4", "partly covered"),
                   ("#c62828", "#ffe3e3", "not covered"))


def legend(items) -> str:
    return '<p class="legend">' + "".join(
        f'<span><i style="border-color:{stroke};background:{fill}"></i>{escape(text)}</span>'
        for stroke, fill, text in items) + "</p>"


def detail(title: str, *fields: tuple[str, str]) -> dict:
    return {"title": title, "fields": [[name, value] for name, value in fields if value is not None]}


def section(title: str, body: str, css: str = "") -> str:
    return f'<section class="{css}"><h2>{escape(title)}</h2>{body}</section>'


def page(title: str, subtitle: str, body: str, details: dict, first: str | None = None) -> str:
    data = json.dumps({"details": details, "first": first}, ensure_ascii=False).replace("</", "<\\/")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head>\n<body><header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>\n"
            f'<main><div class="content">{body}</div><aside id="fc-detail"><h2>Details</h2>'
            f"<p>Click a step or a timeline row.</p></aside></main>\n"
            f'<script type="application/json" id="fc-data">{data}</script>\n<script>{SCRIPT}</script>'
            f"</body></html>\n")
