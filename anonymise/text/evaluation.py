"""Score detection on gold-annotated transcripts: `python -m anonymise.text.evaluation` (make eval).

Corpora:
- the demonstration generator's output (its gold/annotations.jsonl: file, 1-based line or .docx
  paragraph, character offsets in that line, text, type); generated into a temporary folder
  unless --demo DIR is given;
- the hand-written transcripts in tests/fixtures/eval/, whose identifiers are marked inline as
  [[TYPE|text]].

Measures:
- entity-level recall per type and overall: an entity counts as caught only if none of its word
  tokens survives, i.e. the redacted spans cover every word of it;
- over-redaction: the share of word tokens outside every gold entity that a redaction touches.

By default the whole text pass is scored (detection, collection-wide merge and propagation, as a
run would replace); --detector-only scores the bare Detector. Uncertain detections count as
redacted, because the pipeline replaces them until a reviewer says "keep".
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

MARKUP = re.compile(r"\[\[([A-Z_]+)\|(.+?)\]\]", re.DOTALL)
WORD = re.compile(r"\w+(?:['’]\w+)*")
NAME_TYPES = {"PERSON"}
CONTACT_TYPES = {"PHONE", "EMAIL", "URL", "ADDRESS", "POSTCODE"}
TARGETS = {"overall": 0.98, "names": 0.99, "contact": 0.99, "over_redaction": 0.02}
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "eval"


@dataclass
class GoldDoc:
    corpus: str
    name: str
    text: str
    gold: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, type)


# ------------------------------------------------------------------------------ reading gold
def strip_markup(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """'[[PERSON|Tracey]] rang' -> ('Tracey rang', [(0, 6, 'PERSON')])."""
    out, gold, cursor, length = [], [], 0, 0
    for m in MARKUP.finditer(marked):
        plain = marked[cursor:m.start()]
        out.append(plain)
        length += len(plain)
        value = m.group(2)
        gold.append((length, length + len(value), m.group(1)))
        out.append(value)
        length += len(value)
        cursor = m.end()
    out.append(marked[cursor:])
    return "".join(out), gold


def load_fixtures(folder: Path = FIXTURES) -> list[GoldDoc]:
    docs = []
    for path in sorted(Path(folder).glob("*.txt")):
        text, gold = strip_markup(path.read_text(encoding="utf-8"))
        docs.append(GoldDoc("hand-written", path.name, text, gold))
    return docs


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-8"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("cp1252", errors="replace")


def read_lines(path: Path) -> list[str]:
    """Lines as the demo's gold counts them: .txt split on \\n, .docx body paragraphs in order."""
    if path.suffix.lower() == ".docx":
        import docx
        return [p.text for p in docx.Document(str(path)).paragraphs]
    return _decode(path.read_bytes()).replace("\r\n", "\n").split("\n")


def load_demo(folder: Path) -> list[GoldDoc]:
    folder = Path(folder)
    by_file: dict[str, list[dict]] = defaultdict(list)
    with open(folder / "gold" / "annotations.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                by_file[rec["file"]].append(rec)
    docs = []
    files = sorted(set(by_file) | {str(p.relative_to(folder)) for p in (folder / "transcripts").glob("*")
                                    if p.suffix.lower() in (".txt", ".docx")})
    for rel in files:
        lines = read_lines(folder / rel)
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        text = "\n".join(lines)
        gold = []
        for rec in by_file.get(rel, []):
            s = starts[rec["line"] - 1] + rec["start"]
            e = starts[rec["line"] - 1] + rec["end"]
            if text[s:e] != rec["text"]:
                raise ValueError(f"gold offsets do not match the text in {rel} line {rec['line']}: "
                                 f"{text[s:e]!r} != {rec['text']!r}")
            gold.append((s, e, rec["type"]))
        docs.append(GoldDoc("demo", rel, text, gold))
    return docs


def generate_demo(folder: Path, seed: int = 1, scale: str = "small") -> bool:
    """Run the demo generator; False when it is not available."""
    # The generator sits in the layer above (deposit/): run it as a program, never import it.
    if importlib.util.find_spec("deposit") is None:
        return False
    proc = subprocess.run([sys.executable, "-m", "deposit", "demo", str(folder), "--scale", scale,
                           "--seed", str(seed)], capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return False
    return (Path(folder) / "gold" / "annotations.jsonl").exists()


# ------------------------------------------------------------------------------ redacting
def detector_spans(docs: list[GoldDoc], settings=None) -> list[list[tuple[int, int]]]:
    from anonymise.text.detector import Detector

    found = Detector(settings).detect([d.text for d in docs])
    return [[(x.start, x.end) for x in ds] for ds in found]


def pipeline_spans(docs: list[GoldDoc], settings=None) -> list[list[tuple[int, int]]]:
    from anonymise.text.pipeline import TextAnonymiser
    from anonymise.text.registry import Registry
    from anonymise.text.settings import TextSettings
    from anonymise.text.units import TextUnit

    settings = settings or TextSettings()
    units = [TextUnit(uid=f"{d.corpus}:{d.name}", file=d.name, text=d.text) for d in docs]
    results = TextAnonymiser(settings, Registry.from_settings(settings)).run(units)
    return [[(r["start"], r["end"]) for r in res.records] for res in results]


# ------------------------------------------------------------------------------ scoring
@dataclass
class Score:
    total: Counter = field(default_factory=Counter)
    caught: Counter = field(default_factory=Counter)
    other_words: int = 0
    other_redacted: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)       # corpus, file, type, text
    false_hits: Counter = field(default_factory=Counter)

    def recall(self, types=None) -> float:
        keys = [t for t in self.total if types is None or t in types]
        total = sum(self.total[t] for t in keys)
        return sum(self.caught[t] for t in keys) / total if total else 1.0

    @property
    def over_redaction(self) -> float:
        return self.other_redacted / self.other_words if self.other_words else 0.0

    def add(self, other: "Score") -> None:
        self.total.update(other.total)
        self.caught.update(other.caught)
        self.other_words += other.other_words
        self.other_redacted += other.other_redacted
        self.misses.extend(other.misses)
        self.false_hits.update(other.false_hits)


def score_doc(doc: GoldDoc, spans: list[tuple[int, int]]) -> Score:
    import bisect

    from anonymise.text.detector import merged_spans

    sc = Score()
    cover = merged_spans(spans)
    starts = [s for s, _ in cover]

    def fully(s: int, e: int) -> bool:
        i = bisect.bisect_right(starts, s) - 1
        return i >= 0 and cover[i][0] <= s and cover[i][1] >= e

    def touched(s: int, e: int) -> bool:
        i = bisect.bisect_right(starts, e - 1) - 1
        return i >= 0 and cover[i][1] > s

    gold = sorted(doc.gold)
    gold_starts = [g[0] for g in gold]
    for s, e, type_ in gold:
        sc.total[type_] += 1
        words = [(s + m.start(), s + m.end()) for m in WORD.finditer(doc.text[s:e])] or [(s, e)]
        if all(fully(a, b) for a, b in words):
            sc.caught[type_] += 1
        else:
            sc.misses.append((doc.corpus, doc.name, type_, doc.text[s:e]))
    for m in WORD.finditer(doc.text):
        a, b = m.span()
        i = bisect.bisect_right(gold_starts, b - 1) - 1
        if i >= 0 and any(gold[k][1] > a for k in range(max(0, i - 3), i + 1)):
            continue   # part of an identifier
        sc.other_words += 1
        if touched(a, b):
            sc.other_redacted += 1
            sc.false_hits[m.group(0)] += 1
    return sc


def evaluate(docs: list[GoldDoc], spans: list[list[tuple[int, int]]]) -> dict[str, Score]:
    by_corpus: dict[str, Score] = defaultdict(Score)
    for doc, sp in zip(docs, spans):
        by_corpus[doc.corpus].add(score_doc(doc, sp))
    overall = Score()
    for sc in by_corpus.values():
        overall.add(sc)
    by_corpus["all"] = overall
    return dict(by_corpus)


def render(scores: dict[str, Score], show_misses: int = 0) -> str:
    lines = []
    corpora = [c for c in scores if c != "all"] + ["all"]
    types = sorted(scores["all"].total)
    header = f"{'type':<16}" + "".join(f"{c:>22}" for c in corpora)
    lines.append("Entity-level recall (caught / gold)")
    lines.append(header)
    for t in types:
        row = f"{t:<16}"
        for c in corpora:
            sc = scores[c]
            row += f"{sc.caught[t]:>8}/{sc.total[t]:<5} {sc.recall({t}):>7.3f}" if sc.total[t] else f"{'-':>22}"
        lines.append(row)
    for label, ts in (("names", NAME_TYPES), ("contact", CONTACT_TYPES), ("overall", None)):
        lines.append(f"{label:<16}" + "".join(f"{scores[c].recall(ts):>22.4f}" for c in corpora))
    lines.append(f"{'over-redaction':<16}" + "".join(
        f"{scores[c].other_redacted:>7}/{scores[c].other_words:<7} {scores[c].over_redaction:>6.2%}" for c in corpora))
    a = scores["all"]
    verdict = []
    for label, value, target, ok in (  # noqa: B007
            ("overall recall", a.recall(), TARGETS["overall"], a.recall() >= TARGETS["overall"]),
            ("names recall", a.recall(NAME_TYPES), TARGETS["names"], a.recall(NAME_TYPES) >= TARGETS["names"]),
            ("contact recall", a.recall(CONTACT_TYPES), TARGETS["contact"], a.recall(CONTACT_TYPES) >= TARGETS["contact"]),
            ("over-redaction", a.over_redaction, TARGETS["over_redaction"], a.over_redaction <= TARGETS["over_redaction"])):
        verdict.append(f"  {label}: {value:.4f} (target {'<=' if label == 'over-redaction' else '>='} {target}) "
                       f"{'ok' if ok else 'BELOW TARGET'}")
    lines.append("Targets")
    lines.extend(verdict)
    if show_misses:
        lines.append(f"Missed entities (first {show_misses})")
        for corpus, name, type_, text in a.misses[:show_misses]:
            lines.append(f"  {corpus}:{name}  {type_:<15} {text!r}")
        lines.append("Most often over-redacted words")
        lines.append("  " + ", ".join(f"{w} ({n})" for w, n in a.false_hits.most_common(show_misses)))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m anonymise.text.evaluation", description=__doc__.split("\n")[0])
    parser.add_argument("--demo", type=Path, help="an existing demo collection folder (default: generate one)")
    parser.add_argument("--seeds", default="1,2", help="demo seeds to generate when --demo is not given")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="folder of [[TYPE|text]] marked transcripts")
    parser.add_argument("--no-demo", action="store_true", help="score the hand-written set only")
    parser.add_argument("--detector-only", action="store_true", help="score the bare Detector, no merge phase")
    parser.add_argument("--show-misses", type=int, default=25, metavar="N")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    args = parser.parse_args(argv)

    docs: list[GoldDoc] = []
    notes = []
    if not args.no_demo:
        if args.demo:
            docs += load_demo(args.demo)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                for seed in [int(s) for s in args.seeds.split(",") if s.strip()]:
                    folder = Path(tmp) / f"demo{seed}"
                    if generate_demo(folder, seed):
                        for d in load_demo(folder):
                            d.name = f"seed{seed}/{d.name}"
                            docs.append(d)
                    else:
                        notes.append("demo generator unavailable: hand-written set only")
                        break
    if args.fixtures and Path(args.fixtures).exists():
        docs += load_fixtures(args.fixtures)
    if not docs:
        print("no gold documents found", file=sys.stderr)
        return 2
    spans = detector_spans(docs) if args.detector_only else pipeline_spans(docs)
    scores = evaluate(docs, spans)
    if args.json:
        out = {c: {"recall": s.recall(), "recall_names": s.recall(NAME_TYPES),
                   "recall_contact": s.recall(CONTACT_TYPES), "over_redaction": s.over_redaction,
                   "by_type": {t: [s.caught[t], s.total[t]] for t in sorted(s.total)}}
               for c, s in scores.items()}
        print(json.dumps(out, indent=2, sort_keys=True))
    else:
        words = sum(len(WORD.findall(d.text)) for d in docs)
        print(f"{len(docs)} documents, {words:,} words, {sum(len(d.gold) for d in docs)} gold identifiers; "
              f"scoring {'the bare detector' if args.detector_only else 'the full text pass'}")
        for note in notes:
            print(note)
        print(render(scores, args.show_misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
