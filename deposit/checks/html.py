"""The check report as one self-contained HTML page, rendered from its JSON.

No scripts, fonts or style sheets from elsewhere: the page opens offline and
says exactly what the JSON says (every string escaped).
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.error{color:#a40000;font-weight:600}.warning{color:#8a5a00}.info{color:#555}
.status-ok{color:#0a6b2d;font-weight:600}.status-failed{color:#a40000;font-weight:600}code{font-size:.9em}
.note{background:#fff8e0;border:1px solid #e8d48b;padding:.5rem 1rem}
"""


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: dict) -> str:
    s = report["summary"]
    title = f"Health check: {report['collection']['title']}"
    parts = [
        "<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>Study {escape(report['collection']['id'])} &middot; ukds-deposit {escape(report['tool_version'])} &middot; "
        f"status <span class=\"status-{escape(report['status'])}\">{escape(report['status'])}</span></p>",
        f"<p>{s['files']} files checked: <span class=\"error\">{s['errors']} errors</span>, "
        f"<span class=\"warning\">{s['warnings']} warnings</span>, <span class=\"info\">{s['info']} notes</span>.</p>",
        '<p class="note">This report describes the <strong>raw</strong> inputs. Identifiers found here are expected: '
        "the anonymise stage removes them. Keep this report with the working files; it is not part of the deposit.</p>",
        "<h2>Files</h2>",
        _table(["file", "role", "status", "records", "variables"],
               [[f"<code>{escape(f['path'])}</code>", escape(f["role"]), escape(f["status"]),
                 escape(str(f.get("records", ""))), escape(str(f.get("variables", "")))] for f in report["files"]]),
    ]
    by_file = defaultdict(list)
    for p in report["problems"]:
        by_file[p["location"].split(":", 1)[0]].append(p)
    parts.append("<h2>Findings</h2>")
    if not report["problems"]:
        parts.append("<p>No findings.</p>")
    for file in sorted(by_file):
        parts.append(f"<h3><code>{escape(file)}</code></h3>")
        rows = [[f"<span class=\"{escape(p['severity'])}\">{escape(p['severity'])}</span>",
                 f"<code>{escape(p['location'])}</code>", escape(p["message"]), escape(p["code"].removeprefix("check.")),
                 escape(p["hint"])] for p in by_file[file]]
        parts.append(_table(["severity", "where", "finding", "check", "hint"], rows))
    parts.append("<h2>Checks and settings</h2>")
    parts.append(_table(["check", "on", "setting", "severity", "what it looks for"],
                        [[escape(c["name"]), "yes" if c["enabled"] else "no", f"<code>{escape(str(c['setting']))}</code>",
                          escape(c["severity"]), escape(c["desc"])] for c in report["checks"]]))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
