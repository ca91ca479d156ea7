"""The ReShare record sheet: every field of the deposit form, filled from deposit.yaml.

    sheet = record_sheet(manifest)        # dict: fields (label, value, empty?), deadline
    html = render_html(sheet)             # one page to copy from, field by field

The form's fields and where each comes from are data (reshare.yaml). A field the manifest
leaves empty is kept and marked, with the manifest field that would fill it, so the depositor
sees at once what the form will still ask for. ESRC grant holders must create the ReShare
record within three months of the grant's end: the deadline is computed from
study.funders[].grant_end. Pure: nothing here reads a file or the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache
from html import escape
from importlib import resources

import yaml

from metadata.citation import citation
from metadata.ddi import humanise

FORM = "ReShare deposit form (UK Data Service)"
DEADLINE_MONTHS = 3   # ESRC: the ReShare record within three months of the grant's end
ACCESS_LEVELS = {
    "open": "Open: anyone may download, no registration",
    "safeguarded": "Safeguarded: registered users, under the End User Licence",
    "controlled": "Controlled: approved researchers only, under special conditions",
}


@cache
def fields() -> list[dict]:
    return yaml.safe_load(resources.files("deposit.paperwork").joinpath("reshare.yaml").read_text("utf-8"))


def _at(manifest: dict, path: str):
    value = manifest
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _agent(agent: dict) -> str:
    extras = [agent.get("affiliation"), f"ORCID {agent['orcid']}" if agent.get("orcid") else None]
    return agent["name"] + "".join(f", {x}" for x in extras if x)


def _term(term: dict) -> str:
    return term.get("label") or humanise(term["term"])


def _publication(item: dict) -> str:
    text = item.get("citation") or item["title"]
    link = f"https://doi.org/{item['doi']}" if item.get("doi") else item.get("uri")
    return text + (f" {link}" if link and link not in text else "")


# How each kind of value is written: value from the manifest -> list of lines (empty: not given).
WRITERS = {
    "text": lambda v: [str(v)] if v not in (None, "") else [],
    "list": lambda v: [", ".join(map(str, v))] if v else [],
    "agents": lambda v: [_agent(a) for a in ([v] if isinstance(v, dict) else v or [])],
    "names": lambda v: [f["name"] for f in v or []],
    "grant_numbers": lambda v: [f"{f['grant_number']} ({f.get('abbr') or f['name']})" for f in v or [] if f.get("grant_number")],
    "grant_ends": lambda v: [f"{f['grant_end']} ({f.get('abbr') or f['name']})" for f in v or [] if f.get("grant_end")],
    "terms": lambda v: ["; ".join(_term(t) for t in v)] if v else [],
    # keywords are words of a thesaurus (ELSST), written as the manifest gives them, not codes to humanise
    "keywords": lambda v: ["; ".join(k.get("label") or k["term"] for k in v)] if v else [],
    "term": lambda v: [_term(v) + (f". {v['description']}" if v.get("description") else "")] if v else [],
    "period": lambda v: [f"{v['start']} to {v['end']}"] if v else [],
    "access_level": lambda v: [ACCESS_LEVELS[v]] if v else [],
    "licence": lambda v: [v["name"] + (f" ({v['uri']})" if v.get("uri") else "")] if v else [],
    "publications": lambda v: [_publication(p) for p in v or []],
    "version": lambda v: [f"{v['number']} ({v['date']})"] if v else [],
}


def end_of(iso: str) -> dt.date:
    """The last day an ISO date of any precision names: 2015 -> 2015-12-31, 2015-03 -> 2015-03-31."""
    parts = [int(p) for p in iso.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day if it has no such day (30 Nov + 3 -> 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline(manifest: dict) -> dict:
    """When the ReShare record is due: three months after the end of the ESRC grant (or, failing
    an ESRC funder, of the first grant with an end date)."""
    funders = manifest["study"].get("funders") or []
    esrc = [f for f in funders if (f.get("abbr") or "").upper() == "ESRC" or "Economic and Social Research" in f["name"]]
    grant = next((f for f in esrc + funders if f.get("grant_end")), None)
    rule = (f"ESRC grant holders create the ReShare record within {DEADLINE_MONTHS} months of the grant's end date")
    if grant is None:
        return {"rule": rule, "grant_end": None, "due": None, "funder": None,
                "note": "not computed: add grant_end (YYYY-MM-DD) to the ESRC funder in study.funders"}
    end = end_of(grant["grant_end"])
    return {"rule": rule, "grant_end": end.isoformat(), "due": add_months(end, DEADLINE_MONTHS).isoformat(),
            "funder": grant.get("abbr") or grant["name"], "grant_number": grant.get("grant_number"),
            "note": "" if grant in esrc else "no ESRC funder: computed from the first grant with an end date"}


def record_sheet(manifest: dict) -> dict:
    rows = []
    for field in fields():
        lines = WRITERS[field.get("as", "text")](_at(manifest, field["from"]))
        rows.append({"key": field["key"], "label": field["label"], "value": lines, "empty": not lines,
                     "required": bool(field.get("required")), "source": field["from"]})
    study = manifest["study"]
    return {
        "form": FORM,
        "study": {"id": study["id"], "title": study["title"], "citation": citation(study)},
        "synthetic": bool(manifest.get("synthetic")),
        "fields": rows,
        "empty": [r["key"] for r in rows if r["empty"]],
        "empty_required": [r["key"] for r in rows if r["empty"] and r["required"]],
        "deadline": deadline(manifest),
    }


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1d1d1f;background:#fafafa;line-height:1.45}
main{max-width:60rem;margin:0 auto;padding:1.5rem 2rem 3rem;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0 .8rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:2px solid #702082}
.muted{color:#555}.banner{background:#fff4ce;border:1px solid #e0c060;padding:.5rem 1rem}
.deadline{background:#f1eaf3;border-left:4px solid #702082;padding:.6rem 1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border:1px solid #ccc;padding:.35rem .55rem;text-align:left;vertical-align:top}
th{background:#f1eaf3;width:14rem}td p{margin:0 0 .3rem}td p:last-child{margin:0}
tr.empty td{background:#fdf0f0;color:#8a1c1c;font-style:italic}
.req{color:#8a1c1c;font-weight:600}code{font-size:.9em}.nb{white-space:nowrap}
@page{size:A4;margin:15mm}
@media print{body{background:#fff}main{max-width:none;padding:0}tr{break-inside:avoid}}
"""


def _breakable(text: str) -> str:
    """Escaped text that wraps where a reader expects: a long link after a slash (a narrow printed
    column would otherwise be overrun by it), and an identifier of hyphened numbers (an ORCID iD,
    a date) never at its hyphens, so it can be copied across whole."""
    def token(match: re.Match) -> str:
        word = match.group(0)
        if "://" in word:
            return word.replace("/", "/<wbr>")
        return f'<span class="nb">{word}</span>' if re.search(r"\d-\d", word) else word
    return re.sub(r"\S+", token, escape(text, quote=True))


def render_html(sheet: dict) -> str:
    e = lambda v: escape(str(v), quote=True)
    d = sheet["deadline"]
    if d["due"]:
        due = (f'<p class="deadline"><strong>Create the ReShare record by {e(d["due"])}</strong>: the '
               f'{e(d["funder"])} grant{(" " + e(d["grant_number"])) if d.get("grant_number") else ""} ends on '
               f'{e(d["grant_end"])}, and {e(d["rule"])}.{(" " + e(d["note"])) if d["note"] else ""}</p>')
    else:
        due = f'<p class="deadline"><strong>Deadline {e(d["note"])}</strong>. {e(d["rule"])}.</p>'
    rows = []
    for row in sheet["fields"]:
        mark = ' <span class="req" title="the form requires it">*</span>' if row["required"] else ""
        if row["empty"]:
            value = f"Not given in deposit.yaml: fill in {e(row['source'])}, or on the form"
            rows.append(f'<tr class="empty"><th>{e(row["label"])}{mark}</th><td>{value}</td></tr>')
        else:
            value = "".join(f"<p>{_breakable(line)}</p>" for line in row["value"])
            rows.append(f"<tr><th>{e(row['label'])}{mark}</th><td>{value}</td></tr>")
    missing = len(sheet["empty"])
    banner = ('<p class="banner">Synthetic demonstration collection: these values are invented.</p>'
              if sheet["synthetic"] else "")
    body = (f'<p class="muted">{e(sheet["form"])}: record sheet for study {e(sheet["study"]["id"])}</p>'
            f'<h1>{e(sheet["study"]["title"])}</h1>{banner}{due}'
            f"<p>Each row is one field of the form, filled from deposit.yaml. Copy the values across; "
            f"{missing} field(s) are empty and marked, with the manifest field that would fill them. "
            f'Fields marked <span class="req">*</span> are required by the form.</p>'
            f'<h2>Fields</h2><table><tbody>{"".join(rows)}</tbody></table>'
            f'<h2>Citation</h2><p>{e(sheet["study"]["citation"])}</p>'
            '<p class="muted">For the depositor: this sheet is not part of the public bundle.</p>')
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>ReShare record sheet: {e(sheet["study"]["title"])}</title>\n<style>{STYLE}</style>\n</head>\n'
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")
