"""Write the whole demonstration collection into a folder.

The pure parts (cast, plan, transcripts, datasets, manifest) decide every byte;
this module only turns them into files and gold records. Writing into an
existing folder rewrites the demo's own files (identically, for the same seed)
and leaves anything else there alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from deposit.demo import writers
from deposit.demo.cast import World
from deposit.demo.datasets import all_data_files
from deposit.demo.gold import GOLD_DATA, GOLD_TEXT
from deposit.demo.manifest import build_manifest
from deposit.demo.plan import transcript_plan
from deposit.demo.transcripts import TOPICS, Transcript, compose, fragments
from deposit.fileio import write_jsonl, write_text
from manifests.loader import dump_yaml

DOCS = [("docs/interview_guide.docx", "Interview guide for social workers and IROs (synthetic)"),
        ("docs/participant_information_sheet.txt", "Participant information sheet for professionals (synthetic)")]
MANIFEST_HEADER = ("# SYNTHETIC demonstration collection written by `ukds-deposit demo`.\n"
                   "# The gold/ folder holds the planted identifiers for evaluation; it is not part of the deposit.\n")


@dataclass
class Summary:
    files: int
    transcripts: int
    data_files: int
    words: int
    identifiers: int

    def line(self, folder: Path) -> str:
        return (f"demo collection written to {folder}: {self.files} files ({self.transcripts} transcripts, "
                f"{self.data_files} data files), {self.words:,} words, {self.identifiers:,} identifiers planted "
                f"(gold in {GOLD_TEXT})")


def transcript_gold(transcript: Transcript) -> list[dict]:
    """One record per planted identifier; the format is described in deposit/demo/gold.py."""
    records = []
    for number, line in enumerate(transcript.lines, start=1):
        for span in line.spans:
            records.append({"file": transcript.spec.path, "line": number, "start": span.start, "end": span.end,
                            "text": line.text[span.start:span.end], "type": span.type})
    return records


def transcript_bytes(transcript: Transcript) -> bytes:
    spec, lines = transcript.spec, [line.text for line in transcript.lines]
    if spec.path.endswith(".docx"):
        return writers.docx_bytes(lines, title=f"Transcript {spec.code} (synthetic)")
    return writers.txt_bytes(lines, spec.encoding, spec.newline)


def interview_guide_lines() -> list[str]:
    guide = fragments()["questions"]["professional"]
    lines = ["SYNTHETIC DEMONSTRATION DOCUMENT - Interview guide (social workers and IROs)",
             "Semi-structured: the interviewer follows the topics in order and uses the prompts as needed.", ""]
    for topic in TOPICS:
        lines.append(topic.replace("_", " ").capitalize())
        lines.extend(f"- {q.replace('{child}', 'the child').replace('{carer}', 'the carer')}" for q in guide[topic])
    return lines


def generate(folder: str | Path, scale: str = "small", seed: int = 1) -> Summary:
    root = Path(folder)
    world = World(seed)
    specs = transcript_plan(world, scale, seed)
    gold, words = [], 0
    for spec in specs:
        transcript = compose(world, spec, seed)
        writers.write_file(root / spec.path, transcript_bytes(transcript))
        gold.extend(transcript_gold(transcript))
        words += transcript.words
    data = all_data_files(world, seed)
    data_gold = []
    for item in data:
        writers.write_file(root / item.path, writers.sav_bytes(item.df, **item.meta))
        data_gold.extend(item.gold)
        words += item.words
    writers.write_file(root / DOCS[0][0], writers.docx_bytes(interview_guide_lines(), title="Interview guide (synthetic)"))
    sheet = resources.files("deposit.demo").joinpath("fragments", "participant_information_sheet.txt").read_bytes()
    writers.write_file(root / DOCS[1][0], sheet)
    manifest = build_manifest(world, specs, data, DOCS, scale, seed, {r["text"] for r in gold})
    write_text(root / "deposit.yaml", MANIFEST_HEADER + dump_yaml(manifest))
    write_jsonl(root / GOLD_TEXT, gold)
    write_jsonl(root / GOLD_DATA, data_gold)
    return Summary(files=len(specs) + len(data) + len(DOCS) + 1, transcripts=len(specs), data_files=len(data),
                   words=words, identifiers=len(gold) + len(data_gold))
