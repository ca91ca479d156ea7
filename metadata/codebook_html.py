"""The HTML codebook: the whole collection on one self-contained page a browser opens offline.

    html = render_codebook(manifest, inputs)     # str; written by metadata.command

Study summary, the files, then every variable of every data file with its
label, question, categories and frequencies, statistics, missing values and
what anonymisation did. No scripts, no external styles or fonts; every value is
escaped. The same inputs give the same page.
"""

from __future__ import annotations

from html import escape

from metadata.ddi import bibliographic_citation, humanise
from metadata.sources import DataSet, Inputs
from metadata.stats import Variable

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1d1d1f;background:#fafafa;line-height:1.45}
main{max-width:64rem;margin:0 auto;padding:1.5rem 2rem 4rem;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:2px solid #702082;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.6rem 0 .4rem}
.banner{background:#fff4ce;border:1px solid #e0c060;padding:.6rem 1rem;margin:1rem 0}
dl.summary{display:grid;grid-template-columns:minmax(10rem,max-content) 1fr;gap:.3rem 1rem}
dl.summary dt{font-weight:600}dl.summary dd{margin:0}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f1eaf3}td.num{text-align:right;font-variant-numeric:tabular-nums}
section.var{border-top:1px solid #ddd;padding-top:.4rem}
.muted{color:#555}.missing{color:#8a1c1c}code{font-size:.95em}
nav ul{columns:2}
"""


def _dl(pairs) -> str:
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in pairs if v not in (None, "", []))
    return f'<dl class="summary">{rows}</dl>'


def _terms(items) -> str:
    return "; ".join(i.get("label") or humanise(i["term"]) for i in items)


def study_section(manifest: dict) -> str:
    """The study: abstract and every fact a re-user looks for (shared with the user guide)."""
    return _study(manifest)


def _study(manifest: dict) -> str:
    study = manifest["study"]
    period = study["collection_period"]
    access = study["access"]
    pairs = [
        ("Study number", study["id"]),
        ("DOI", f"https://doi.org/{study['doi']}" if study.get("doi") else ""),
        ("Alternative title", study.get("alternative_title")),
        ("Creators", "; ".join(c["name"] + (f" ({c['affiliation']})" if c.get("affiliation") else "")
                               for c in study["creators"])),
        ("Funders", "; ".join(f["name"] + (f", grant {f['grant_number']}" if f.get("grant_number") else "")
                              for f in study["funders"])),
        ("Distributor", study["distributor"]["name"]),
        ("Version", f"{study['version']['number']} ({study['version']['date']})"),
        ("Data collection", f"{period['start']} to {period['end']}"),
        ("Country", f"{study['nation']['name']} ({study['nation']['abbr']})"),
        ("Geographic coverage", ", ".join(study.get("geographic_coverage") or [])),
        ("Universe", study["universe"]),
        ("Unit of analysis", _terms(study["unit_of_analysis"])),
        ("Kind of data", ", ".join(study["kind_of_data"])),
        ("Time method", _terms([study["time_method"]])),
        ("Sampling", _terms([study["sampling"]]) + (f". {study['sampling']['description']}"
                                                     if study["sampling"].get("description") else "")),
        ("Mode of collection", _terms(study["collection_mode"])),
        ("Keywords", ", ".join(k.get("label") or k["term"] for k in study["keywords"])),
        ("Topics", _terms(study["topics"])),
        ("Access", " ".join(x for x in (access.get("availability"), access.get("restrictions"), access["conditions"]) if x)),
        ("Licence", access["licence"]["name"]),
        ("Citation", bibliographic_citation(study)),
    ]
    banner = ""
    if manifest.get("synthetic"):
        banner = f'<p class="banner">{escape(manifest.get("synthetic_note") or "Synthetic demonstration data.")}</p>'
    return (f"{banner}<h2 id=\"study\">Study</h2><p>{escape(study['abstract'])}</p>{_dl(pairs)}")


def _files(inputs: Inputs) -> str:
    rows = []
    for data in inputs.data:
        for physical in data.files:
            rows.append((physical.name, physical.format, f"{data.cases} cases, {len(data.variables)} variables",
                         data.description))
    for transcript in inputs.transcripts:
        words = f"{transcript.words} words" if transcript.words is not None else ""
        rows.append((transcript.file.name, transcript.file.format, words, transcript.description))
    for doc in inputs.documentation:
        rows.append((doc.name, "Documentation", "", doc.description))
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return ('<h2 id="files">Files</h2><table><thead><tr><th>File</th><th>Format</th><th>Size</th>'
            f"<th>Description</th></tr></thead><tbody>{body}</tbody></table>")


def _anchor(data: DataSet, variable: Variable) -> str:
    return f"{data.stem}-{variable.position}"


def _variable(data: DataSet, variable: Variable) -> str:
    parts = [f'<section class="var" id="{escape(_anchor(data, variable))}">',
             f"<h3><code>{escape(variable.name)}</code> {escape(variable.label)}</h3>"]
    facts = [("Position", variable.position), ("Measurement level", variable.measure_label),
             ("Format", variable.format), ("Valid cases", variable.valid), ("Invalid / missing", variable.invalid)]
    if variable.question:
        facts.insert(0, ("Question", variable.question))
    missing = ", ".join(list(variable.missing_values) + [f"{lo} to {hi}" for lo, hi in variable.missing_ranges])
    if missing:
        facts.append(("User-missing values", missing))
    parts.append(_dl(facts))
    if variable.stats:
        names = {"min": "Minimum", "max": "Maximum", "mean": "Mean", "stdev": "Std. deviation", "medn": "Median"}
        cells = "".join(f"<tr><th>{names[k]}</th><td class=\"num\">{escape(variable.stats[k])}</td></tr>"
                        for k in ("min", "max", "mean", "stdev", "medn") if k in variable.stats)
        parts.append(f"<table class=\"stats\"><tbody>{cells}</tbody></table>")
    if variable.categories:
        rows = []
        for category in variable.categories:
            share = f"{100 * category.freq / data.cases:.1f}" if data.cases else ""
            css = ' class="missing"' if category.missing else ""
            flag = " (missing)" if category.missing else ""
            align = ' class="num"' if variable.kind != "string" else ""
            rows.append(f"<tr{css}><td{align}>{escape(category.value)}</td><td>{escape(category.label)}{flag}</td>"
                        f"<td class=\"num\">{category.freq}</td><td class=\"num\">{share}</td></tr>")
        if variable.system_missing:
            rows.append(f'<tr class="missing"><td></td><td>System missing</td><td class="num">{variable.system_missing}</td>'
                        f'<td class="num">{100 * variable.system_missing / data.cases:.1f}</td></tr>')
        parts.append('<table class="categories"><thead><tr><th>Value</th><th>Label</th><th>Frequency</th>'
                     f"<th>% of cases</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    for note in variable.notes:
        parts.append(f'<p class="muted">{escape(note)}</p>')
    parts.append("</section>")
    return "".join(parts)


def variable_list(data: DataSet, linked: bool = True) -> str:
    """A data set's heading, size, notes and one row per variable (shared with the user guide,
    which has no per-variable sections to link to)."""
    head = (f'<h2 id="data-{escape(data.stem)}">Variables in {escape(data.files[0].name)}</h2>'
            f"<p>{data.cases} cases, {len(data.variables)} variables."
            + (f" {escape(data.description)}" if data.description else "") + "</p>")
    notes = "".join(f'<p class="muted">{escape(n)}</p>' for n in data.notes)
    name = (lambda v: f'<a href="#{escape(_anchor(data, v))}"><code>{escape(v.name)}</code></a>') if linked else (
        lambda v: f"<code>{escape(v.name)}</code>")
    index = "".join(f'<tr><td class="num">{v.position}</td><td>{name(v)}</td><td>{escape(v.label)}</td>'
                    f"<td>{v.measure_label}</td></tr>" for v in data.variables)
    table = ('<table><thead><tr><th>Pos.</th><th>Variable</th><th>Label</th><th>Level</th></tr></thead>'
             f"<tbody>{index}</tbody></table>")
    return head + notes + table


def _dataset(data: DataSet) -> str:
    return variable_list(data) + "".join(_variable(data, v) for v in data.variables)


def page(title: str, lang: str, body: str, style: str = STYLE) -> str:
    """A whole self-contained page: no scripts, no external styles or fonts."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )


def render_codebook(manifest: dict, inputs: Inputs) -> str:
    study = manifest["study"]
    nav = ['<li><a href="#study">Study</a></li>', '<li><a href="#files">Files</a></li>']
    nav += [f'<li><a href="#data-{escape(d.stem)}">Variables in {escape(d.files[0].name)}</a></li>' for d in inputs.data]
    body = (f"<p class=\"muted\">Codebook, study {escape(study['id'])}</p><h1>{escape(study['title'])}</h1>\n"
            f"<nav><ul>{''.join(nav)}</ul></nav>\n"
            f"{_study(manifest)}\n{_files(inputs)}\n"
            + "\n".join(_dataset(d) for d in inputs.data))
    return page(f"Codebook: {study['title']}", study["language"], body)
