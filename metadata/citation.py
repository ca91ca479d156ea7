"""How a collection is cited: one sentence in the UK Data Service style, used by the DDI and the readme."""

from __future__ import annotations


def citation_year(study: dict) -> str:
    for key in ("distribution_date", "deposit_date"):
        if study.get(key):
            return study[key][:4]
    return study["version"]["date"][:4]


def citation(study: dict) -> str:
    """UK Data Service style: Creators (year). Title. [data collection]. Publisher. SN: id, DOI: ..."""
    creators = ", ".join(c["name"] for c in study["creators"])
    text = f"{creators} ({citation_year(study)}). {study['title']}. [data collection]. {study['publisher']['name']}. SN: {study['id']}"
    return text + (f", DOI: https://doi.org/{study['doi']}" if study.get("doi") else "")
