"""Shared fixtures for the text-pass tests.

Replacement-side tests (registry, pipeline, documents, review, residual, command)
use a small dictionary-and-pattern FakeDetector, so they test the replacement
logic on known detections and run in well under a second. Detection-side tests
use the real Detector.
"""

from __future__ import annotations

import re

import pytest

from anonymise.text.detection import Detection


# ---------------------------------------------------------------- replacement side: a fake detector
class FakeDetector:
    """Finds a fixed set of strings (whole-word, case-sensitive as listed) plus dates and ages.

    Mirrors the real Detector's interface: detect(texts, high_precision=False) -> list[list[Detection]].
    Strings in UNCERTAIN come back flagged uncertain with a low score, as a common-word name would."""

    WORDS = {"Tracey Walsh": "PERSON", "Kayleigh": "PERSON", "Jayden Smith-Jones": "PERSON",
             "Mrs Patel": "PERSON", "Lowestoft": "TOWN", "Norfolk County Council": "LOCAL_AUTHORITY",
             "Oakfield Primary": "SCHOOL", "NR32 4TT": "POSTCODE", "Rose": "PERSON"}
    UNCERTAIN = {"Rose"}
    PATTERNS = [(re.compile(r"\b\d{1,2} (?:January|May|June) \d{4}\b"), "DATE"),
                (re.compile(r"\b(?:\d{1,2}|fourteen|seven)(?= years? old)"), "AGE")]
    calls = 0

    def __init__(self, settings=None) -> None:
        self.settings = settings
        alternation = "|".join(re.escape(w) for w in sorted(self.WORDS, key=len, reverse=True))
        self._words = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")

    def detect(self, texts, high_precision=False):
        type(self).calls += 1
        out = []
        for text in texts:
            found = []
            for m in self._words.finditer(text):
                uncertain = m.group(0) in self.UNCERTAIN
                found.append(Detection(m.start(), m.end(), self.WORDS[m.group(0)], m.group(0),
                                       0.4 if uncertain else 0.9, "fake", uncertain))
            for pattern, kind in self.PATTERNS:
                for m in pattern.finditer(text):
                    found.append(Detection(m.start(), m.end(), kind, m.group(0), 0.9, "fake"))
            out.append(found)
        return out


@pytest.fixture
def fake_detector():
    """The FakeDetector class; pass it as TextAnonymiser(detector_factory=...)."""
    return FakeDetector


# ---------------------------------------------------------------- detection side: the real detector
@pytest.fixture(scope="session")
def detector():
    """One real Detector (spaCy model + lexicon) for the whole session: loading costs ~1 s."""
    from anonymise.text.detector import Detector

    return Detector()


@pytest.fixture(scope="session")
def lexicon():
    from anonymise.text.lexicon import load

    return load()


@pytest.fixture(scope="session")
def nlp():
    from anonymise.text.detector import load_model

    return load_model()


@pytest.fixture(scope="session")
def found(detector):
    """found(text) -> {(span text, type)} of the detector's resolved detections (uncertain too)."""
    def run(text, high_precision=False):
        return {(d.text, d.type) for d in detector.detect([text], high_precision=high_precision)[0]}
    return run


@pytest.fixture(scope="session")
def found_texts(found):
    """found_texts(text) -> set of detected span texts, whatever their type."""
    def run(text):
        return {t for t, _ in found(text)}
    return run


@pytest.fixture
def anonymised(fake_detector):
    """anonymised(document, label) -> the UnitResults of one document, run through the text pass
    with the FakeDetector (or another detector class given as `detector=`)."""
    from anonymise.text.pipeline import TextAnonymiser
    from anonymise.text.registry import Registry
    from anonymise.text.settings import TextSettings

    def run(document, label, detector=None):
        settings = TextSettings()
        engine = TextAnonymiser(settings, Registry.from_settings(settings), detector_factory=detector or fake_detector)
        return engine.run(document.units(label))
    return run
