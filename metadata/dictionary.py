"""The UK Data Service-style data dictionary of one data file, as RTF.

    text = data_dictionary(dataset, study)      # str (ASCII RTF); written by metadata.command

A header (file name, number of variables, number of cases), then one row per
variable: position, name, label, measurement level and value labels, with
user-missing codes marked. Anonymisation notes follow the table, so a reader
sees at a glance which variables were changed before deposit.
"""

from __future__ import annotations

from manifests.layout import DICTIONARY_SUFFIX
from metadata.rtf import RtfDocument
from metadata.sources import DataSet
from metadata.stats import Variable


def dictionary_name(stem: str) -> str:
    return f"{stem}{DICTIONARY_SUFFIX}"


def value_labels_text(variable: Variable) -> str:
    missing = set(variable.missing_values)
    lines = [f"{value} = {label}" + (" (missing)" if value in missing else "") for value, label in variable.value_labels]
    labelled = {value for value, _ in variable.value_labels}
    lines += [f"{value} = (missing)" for value in variable.missing_values if value not in labelled]
    lines += [f"{lo} to {hi} = (missing)" for lo, hi in variable.missing_ranges]
    return "\n".join(lines)


def data_dictionary(data: DataSet, study: dict) -> str:
    main = data.files[0].name
    doc = RtfDocument(title=f"Data dictionary: {main}", author=study["distributor"]["name"])
    doc.heading(f"UK Data Service data dictionary: {main}", 1)
    doc.fields([
        ("Study", f"{study['id']} {study['title']}"),
        ("File name", main),
        ("Other formats", ", ".join(f.name for f in data.files[1:]) or "none"),
        ("Number of variables", len(data.variables)),
        ("Number of cases", data.cases),
    ])
    if data.file_label:
        doc.fields([("File label", data.file_label)])
    doc.heading("Variables", 2)
    rows = [["Pos.", "Variable", "Variable label", "Measurement level", "Value labels"]]
    for variable in data.variables:
        rows.append([variable.position, variable.name, variable.label, variable.measure_label,
                     value_labels_text(variable)])
    doc.table(rows, header=True, widths=[1, 3, 6, 3, 6])
    noted = [v for v in data.variables if v.notes]
    if noted or data.notes:
        doc.heading("Anonymisation", 2)
        for note in data.notes:
            doc.paragraph(note)
        for variable in noted:
            doc.paragraph(f"{variable.name}: " + " ".join(variable.notes))
    return doc.render()
