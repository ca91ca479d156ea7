"""A RegexRecogniser whose detections name the context word that fired ("sort code", "reg",
"on insta"), so the private key and the review file can say why a number was replaced."""

from __future__ import annotations

from dataclasses import replace

from anonymise.text.detection import Detection
from anonymise.text.recognisers.base import RegexRecogniser


class CuedRecogniser(RegexRecogniser):
    def context_word(self, text: str, start: int, end: int) -> str:
        """The nearest context word around text[start:end], as written, or ""."""
        self.compiled()
        if self._context_re is None:
            return ""
        before = text[max(0, start - self.CONTEXT_BEFORE):start]
        found = list(self._context_re.finditer(before))
        if found:
            return found[-1].group(0)
        m = self._context_re.search(text, end, min(len(text), end + self.CONTEXT_AFTER))
        return m.group(0) if m else ""

    def find(self, text: str, doc=None) -> list[Detection]:
        out = []
        for d in super().find(text, doc):
            cue = d.cue or self.context_word(text, d.start, d.end)
            out.append(replace(d, cue=cue) if cue != d.cue else d)
        return out
