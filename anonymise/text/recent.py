"""Answers about the last few texts, remembered by identity.

Several steps ask the same question about the same text in turn (the truecaser, the detector
and a recogniser each want its casing profile; eight rules want to know whether it holds a
spoken number). A text is a large string, so it is not hashed: the answer is kept under the
object's identity, checked against the object itself, for the last few texts only."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class RecentTexts(Generic[T]):
    def __init__(self, compute: Callable[[str], T], size: int = 8) -> None:
        self._compute = compute
        self._size = size
        self._entries: dict[int, tuple[str, T]] = {}

    def __call__(self, text: str) -> T:
        entry = self._entries.get(id(text))
        if entry is None or entry[0] is not text:
            if len(self._entries) > self._size:
                self._entries.clear()
            entry = self._entries[id(text)] = (text, self._compute(text))
        return entry[1]
