"""The user guide: the few pages a re-user prints first, built from the codebook's own HTML.

    html = render_user_guide(manifest, inputs, files, anonymisation)    # str; printed to PDF by the packager

Study description, how the data were collected, every file in the bundle folder with its
description, the public part of the anonymisation report, the variables of each data file,
and how to cite the collection. The study facts and the variable lists are the codebook's
(metadata/codebook_html.py), so the two never disagree. `files` are the folder's own
(name, description) pairs, the guide itself among them: the verifier reads the printed guide
back and holds its file list to the bundle's, so names are printed whole, one per row, never
broken. Pure: the same inputs give the same page; nothing comes from the clock.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from metadata.citation import citation
from metadata.codebook_html import STYLE, page, study_section, variable_list
from metadata.sources import Inputs

# Print rules on top of the codebook's style: A4 with room for a binding, headings kept with what
# follows, table headers repeated on each page, and file names never broken (the verifier reads them).
GUIDE_STYLE = STYLE + """
@page{size:A4;margin:16mm 15mm 18mm}
@media print{body{background:#fff}main{max-width:none;padding:0}}
h2{break-after:avoid}tr,dl.summary dt,dl.summary dd{break-inside:avoid}thead{display:table-header-group}
table.files{width:100%}table.files td.name{white-space:nowrap}table.files code{font-size:.85em}
.cover{border-bottom:2px solid #702082;padding-bottom:.6rem;margin-bottom:1rem}
.verdict{font-weight:600}
"""

# The file list's first and last words: the verifier reads the list between them.
FILE_LIST_HEADING, FILE_LIST_END = "Files in this folder", "End of the file list."
FILE_COUNT = "This folder holds {n} files"

# Participant types as a reader says them, for "2 social workers, 2 IROs, ..."
PARTICIPANTS = {
    "social_worker": ("social worker", "social workers"), "iro": ("IRO", "IROs"), "parent": ("parent", "parents"),
    "young_person": ("young person", "young people"), "focus_group": ("focus group", "focus groups"),
    "professional_focus_group": ("professionals' focus group", "professionals' focus groups"),
    "young_people_focus_group": ("young people's focus group", "young people's focus groups"),
    "team_manager": ("team manager", "team managers"), "childrens_guardian": ("children's guardian", "children's guardians"),
    "case_file": ("case file", "case files"), "other": ("other transcript", "other transcripts"),
}


def participants(counts: dict[str, int]) -> str:
    """{'social_worker': 2, 'iro': 1} -> '2 social workers, 1 IRO'."""
    words = []
    for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        one, many = PARTICIPANTS.get(kind, (kind.replace("_", " "),) * 2)
        words.append(f"{n} {one if n == 1 else many}")
    return ", ".join(words)


def _methods(manifest: dict, inputs: Inputs) -> str:
    # Period, universe, sampling and mode are in the study facts above; these are what they leave out.
    study = manifest["study"]
    rows = [
        ("Research instruments", study.get("research_instrument")),
        ("Setting", study.get("collection_situation")),
    ]
    counts = Counter(t.participant_type or "other" for t in inputs.transcripts)
    if counts:
        rows.append(("Transcripts", f"{sum(counts.values())}: {participants(counts)}"))
    for data in inputs.data:
        rows.append((data.files[0].name, f"{data.cases} cases, {len(data.variables)} variables"
                     + (f": {data.description}" if data.description else "")))
    cells = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in rows if v)
    return f'<h2 id="methods">How the data were collected</h2><dl class="summary">{cells}</dl>'


def _files(files: list[tuple[str, str]]) -> str:
    body = "".join(f'<tr><td class="name"><code>{escape(name)}</code></td><td>{escape(description)}</td></tr>'
                   for name, description in files)
    return (f'<h2 id="files">{FILE_LIST_HEADING}</h2><p>{FILE_COUNT.format(n=len(files))}, this guide among '
            "them. Paths are relative to the folder the download unpacks to.</p>"
            f'<table class="files"><thead><tr><th>File</th><th>Description</th></tr></thead><tbody>{body}</tbody></table>'
            f'<p class="muted">{FILE_LIST_END}</p>')


def _anonymisation(report: dict | None) -> str:
    """The public report's verdict and plain-language summary; nothing else is needed to decide
    whether to read the full report (mrdoc/anonymisation_report.html)."""
    head = '<h2 id="anonymisation">Anonymisation</h2>'
    sentences = ((report or {}).get("summary") or {}).get("plain_language") or []
    verdict = (report or {}).get("verdict") or {}
    if not sentences and not verdict.get("label"):
        return head + "<p>No anonymisation report was produced for this collection.</p>"
    parts = [head]
    if verdict.get("label"):
        parts.append(f'<p class="verdict">Verdict of the anonymisation report: {escape(verdict["label"])}.</p>')
    parts += [f"<p>{escape(str(s))}</p>" for s in sentences]
    parts.append("<p>The full report, with every figure behind these sentences, is mrdoc/anonymisation_report.html.</p>")
    return "".join(parts)


def _citation(study: dict) -> str:
    requirement = study["access"].get("citation_requirement")
    return ('<h2 id="citation">How to cite this collection</h2>'
            f"<p>{escape(citation(study))}</p>" + (f"<p>{escape(requirement)}</p>" if requirement else ""))


def render_user_guide(manifest: dict, inputs: Inputs, files: list[tuple[str, str]], anonymisation: dict | None) -> str:
    study = manifest["study"]
    version = study["version"]
    cover = (f'<div class="cover"><p class="muted">User guide, study {escape(study["id"])}'
             + (f", DOI {escape(study['doi'])}" if study.get("doi") else "")
             + f", version {escape(version['number'])} ({escape(version['date'])})</p>"
             f"<h1>{escape(study['title'])}</h1></div>")
    body = "\n".join([
        cover,
        study_section(manifest),
        _methods(manifest, inputs),
        _files(files),
        _anonymisation(anonymisation),
        *(variable_list(data, linked=False) for data in inputs.data),
        _citation(study),
    ])
    return page(f"User guide: {study['title']}", study["language"], body, GUIDE_STYLE)
