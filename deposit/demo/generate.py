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

import yaml

from deposit.demo import writers
from deposit.demo.cast import World
from deposit.demo.datasets import all_data_files
from deposit.demo.gold import GOLD_DATA, GOLD_TEXT
from deposit.demo.manifest import build_manifest
from deposit.demo.plan import transcript_plan
from deposit.demo.render import ALTERNATIVES, SLOT
from deposit.demo.transcripts import TOPICS, Transcript, compose, fragments
from manifests.fileio import write_jsonl, write_text
from manifests.loader import dump_yaml

DOCS = [("docs/interview_guide.docx", "Interview guide for social workers and IROs (synthetic)"),
        ("docs/participant_information_sheet.txt", "Participant information sheet for professionals (synthetic)"),
        ("docs/consent_form.txt", "Consent form for interviews, blank copy (synthetic)")]
# Documents copied as they are from deposit/demo/fragments/ (the guide is generated).
FRAGMENT_DOCS = {"docs/participant_information_sheet.txt": "participant_information_sheet.txt",
                 "docs/consent_form.txt": "consent_form.txt"}
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


GUIDE_WORDS = {"child": "the child", "carer": "the carer"}
GUIDE_HEADINGS = {"background": "1. Background and role", "care_planning": "2. Care planning", "reviews": "3. Reviews",
                  "iro_role": "4. The IRO's role and challenge", "contact": "5. Contact", "placement": "6. Placement",
                  "court": "7. Court proceedings", "school": "8. Education", "health": "9. Health",
                  "participation": "10. Wishes, feelings and participation", "closing": "11. Closing"}


def guide_question(template: str) -> str:
    """A question as the guide prints it: the first wording, and roles where the transcripts put names."""
    text = ALTERNATIVES.sub(lambda m: m.group(1).split("|")[0], template)
    return SLOT.sub(lambda m: GUIDE_WORDS.get(m.group(1), "the child"), text)


def interview_guide_lines() -> list[str]:
    guide = fragments()["questions"]["professional"]
    lines = ["SYNTHETIC DEMONSTRATION DOCUMENT - Interview guide (social workers and IROs)",
             "Semi-structured: the interviewer follows the topics in order and uses the prompts as needed.", ""]
    for topic in TOPICS:
        lines.append(GUIDE_HEADINGS[topic])
        lines.extend(f"- {guide_question(q)}" for q in guide[topic])
    return lines


def previous_demo_files(root: Path) -> set[str]:
    """Files an earlier `demo` run listed in a synthetic manifest here (another scale leaves more
    transcripts than this one writes). Anything the manifest does not list is not ours to touch."""
    try:
        old = yaml.safe_load((root / "deposit.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return set()
    if not isinstance(old, dict) or old.get("synthetic") is not True or not isinstance(old.get("files"), list):
        return set()
    paths = set()
    for entry in old["files"]:
        path = entry.get("path") if isinstance(entry, dict) else None
        if isinstance(path, str) and (root / path).resolve().is_relative_to(root.resolve()):
            paths.add(path)
    return paths


def generate(folder: str | Path, scale: str = "small", seed: int = 1) -> Summary:
    root = Path(folder)
    stale = previous_demo_files(root)
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
    for path, fragment in FRAGMENT_DOCS.items():
        writers.write_file(root / path, resources.files("deposit.demo").joinpath("fragments", fragment).read_bytes())
    manifest = build_manifest(world, specs, data, DOCS, scale, seed, {r["text"] for r in gold})
    write_text(root / "deposit.yaml", MANIFEST_HEADER + dump_yaml(manifest))
    write_jsonl(root / GOLD_TEXT, gold)
    write_jsonl(root / GOLD_DATA, data_gold)
    for path in sorted(stale - {f["path"] for f in manifest["files"]}):
        (root / path).unlink(missing_ok=True)
    return Summary(files=len(specs) + len(data) + len(DOCS) + 1, transcripts=len(specs), data_files=len(data),
                   words=words, identifiers=len(gold) + len(data_gold))
