"""The layout of a WORK folder: the one place that names its paths.

    WORK/
      results/<stage>.json        stage results (validate against manifests/schemas/stage_result)
      reports/                    check report (json+html), anonymisation report (public json+html)
      anonymised/transcripts/     anonymised transcripts, same relative names as in the collection
      anonymised/data/            anonymised data files (.sav and .tab)
      metadata/                   <id>_ddi.xml, codebook.html, *_ukda_data_dictionary.rtf for the collection
      metadata/tab/, metadata/spss/   the same for each bundle format: what that bundle's mrdoc/ holds
      private/                    owner-only: key.jsonl, crosswalks, private report, manifest copy,
                                  decisions.csv (per-occurrence decisions), gate_<gate>.log (what a gate found)
      private/review/text_review.csv   uncertain detections waiting for a decision (they show originals)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STAGES = ("check", "anonymise", "describe", "package", "verify")


@dataclass(frozen=True)
class Work:
    root: Path

    @classmethod
    def at(cls, root) -> "Work":
        return cls(Path(root))

    @property
    def results(self) -> Path:
        return self.root / "results"

    def result(self, stage: str) -> Path:
        return self.results / f"{stage}.json"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def anonymised(self) -> Path:
        return self.root / "anonymised"

    @property
    def transcripts(self) -> Path:
        return self.anonymised / "transcripts"

    @property
    def data(self) -> Path:
        return self.anonymised / "data"

    @property
    def review(self) -> Path:
        """The review file's folder. Private: each row shows an original in its context."""
        return self.private / "review"

    @property
    def legacy_review(self) -> Path:
        """Where earlier versions wrote the review file, outside private/ (read once and moved)."""
        return self.root / "review"

    @property
    def metadata(self) -> Path:
        return self.root / "metadata"

    @property
    def private(self) -> Path:
        return self.root / "private"

    @property
    def key(self) -> Path:
        """The private key: JSON Lines, one record per replacement (original -> replacement)."""
        return self.private / "key.jsonl"

    @property
    def decisions(self) -> Path:
        """Per-occurrence decisions a person made at the gates ("this occurrence is not that
        identifier"). Private: each row shows the original in its context."""
        return self.private / "decisions.csv"

    def gate_log(self, gate: str) -> Path:
        """What one gate found, originals and context included. Private."""
        return self.private / f"gate_{gate}.log"

    @property
    def manifest_copy(self) -> Path:
        """A copy of the collection manifest. Private: it lists known identifiers."""
        return self.private / "deposit.yaml"

    @property
    def collection_pointer(self) -> Path:
        return self.private / "collection.json"
