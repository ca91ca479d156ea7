"""Search files for the originals of the private key: case-insensitive, whole words, streamed.

This is the packager's last line of defence, so it must be exhaustive and must
keep up with packaging. It works on bytes (no decoding of gigabytes of data).
numpy finds every word start in a chunk and looks its first three bytes
(lower-cased, ASCII) up in a table built from the originals; only those
candidates are compared in full, and word boundaries are checked around a hit
by decoding the neighbouring character, so "Walsh's" and "Walsh\u2019s" count
and "Walshes" does not. (A trie regular expression was 3-4 times slower: the
regex engine tries every position.)

Non-ASCII originals are searched in the case forms people write (as given,
lower, upper, title case), since ASCII lower-casing leaves "\u00cb" and "\u00eb" apart.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO, Iterable

import numpy as np

from anonymise.text.occurrence import OccurrenceRule
from manifests.fileio import CHUNK

MIN_LENGTH = 2   # a one-character "original" would match everywhere and protect nothing
KEY = 3          # bytes of a word start looked up in the prefilter table
LONG = 6         # patterns at least this long are matched on their first LONG bytes
_ASCII_WORD = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
# Word starts: ASCII letters, digits, "_" and UTF-8 lead bytes start words; continuation
# bytes do not, so a name right after a curly quote still starts a word. The exact
# boundary check on each candidate settles the rest.
_STARTS_WORD = np.zeros(256, dtype=bool)
_STARTS_WORD[list(_ASCII_WORD)] = True
_STARTS_WORD[0xC0:] = True
_WORD_BYTES = bytes(_STARTS_WORD.astype(np.uint8))  # for bytes.translate: faster than a numpy lookup
_LOWER = np.arange(256, dtype=np.int32)  # 32 bits: three bytes fit, and half the memory traffic of 64
_LOWER[ord("A"):ord("Z") + 1] += 32


def _variants(original: str) -> set[bytes]:
    text = " ".join(original.split())
    forms = {text, text.lower(), text.upper(), text.title()} if not text.isascii() else {text}
    return {form.encode("utf-8").lower() for form in forms}


def _is_word_at(buffer: bytes, index: int, before: bool) -> bool:
    """Is there a letter, digit or underscore just before (or at) `index`?"""
    if before:
        if index <= 0:
            return False
        start = index - 1
        while start > 0 and index - start < 4 and 0x80 <= buffer[start] < 0xC0:
            start -= 1  # step back to the first byte of a UTF-8 sequence
        char = buffer[start:index].decode("utf-8", errors="ignore")
    else:
        if index >= len(buffer):
            return False
        char = buffer[index:index + 4].decode("utf-8", errors="ignore")[:1]
    return bool(char) and (char.isalnum() or char == "_")


def _capital_at(buffer: bytes, index: int) -> bool:
    char = buffer[index:index + 4].decode("utf-8", errors="ignore")[:1]
    return char.isupper()


def _int(data: bytes) -> int:
    return int.from_bytes(data, "little")


_BRACKET_REACH = 82  # placeholders are short: "[" + at most 80 characters + "]"


class LiteralScanner:
    """`capitalised`: originals that count only where their first letter is a capital (an
    ordinary word that is also a name: "Grace", not "grace period"). `placeholders`: the
    replacements written by the run; a hit inside one ("[Town 3]" for an original "Town")
    is the placeholder, not a leak. `kept`: phrases the collection always keeps; a hit inside
    one ("White" in "White British") is the phrase, not the original. `published`: the citation
    forms of the people the study description names ("Specimen, C."). `typed`: originals that
    may stand as a month or a number ("Jan" in "01 Jan 80"). What the words around a hit say is
    `anonymise.text.occurrence`'s rule, the one every gate applies."""

    def __init__(self, originals: Iterable[str], capitalised: Iterable[str] = (), placeholders: Iterable[str] = (),
                 kept: Iterable[str] = (), published: Iterable[str] = (), typed: Iterable[str] = ()) -> None:
        originals = list(originals)
        capitalised = set(capitalised)
        typed = set(typed)
        patterns = set()
        any_case = set()
        self.original_of: dict[bytes, str] = {}
        self._typed: set[bytes] = set()
        for original in originals:
            if len(original.strip()) >= MIN_LENGTH:
                forms = _variants(original)
                patterns |= forms
                for form in forms:
                    self.original_of.setdefault(form, original)
                if original not in capitalised:
                    any_case |= forms
                if original in typed:
                    self._typed |= forms
        self._needs_capital = patterns - any_case
        self._placeholders = {p.encode("utf-8") for p in placeholders if p}
        self._rule = OccurrenceRule(kept, published)
        self._kept = self._rule.kept
        self.config = (originals, sorted(capitalised), sorted(placeholders), self._rule.kept.phrases,
                       self._rule.published.phrases, sorted(typed))
        self.patterns = sorted(patterns, key=lambda p: (-len(p), p))
        self.longest = max((len(p) for p in self.patterns), default=0)
        # Patterns not starting with a word character cannot be found from word starts.
        self._odd = [p for p in self.patterns if not _STARTS_WORD[p[0]]]
        regular = [p for p in self.patterns if _STARTS_WORD[p[0]]]
        # Three groups by length, each with its own key: the first LONG bytes of long patterns
        # (so "the willows" does not stop at every "the"), the first KEY bytes of medium ones,
        # both bytes of two-letter ones. A table of first-KEY-bytes prefilters all word starts.
        self._long: dict[int, list[bytes]] = defaultdict(list)
        self._medium: dict[int, list[bytes]] = defaultdict(list)
        self._two: dict[int, list[bytes]] = defaultdict(list)
        for pattern in regular:
            group, size = ((self._long, LONG) if len(pattern) >= LONG else (self._medium, KEY) if len(pattern) >= KEY
                           else (self._two, 2))
            group[_int(pattern[:size])].append(pattern)
        self._first = np.zeros(1 << 24, dtype=bool)
        for pattern in regular:
            if len(pattern) >= KEY:
                self._first[_int(pattern[:KEY])] = True
        self._long_keys = np.array(sorted(self._long), dtype=np.uint64)
        self._medium_table = np.zeros(1 << 24, dtype=bool) if self._medium else None
        for key in self._medium:
            self._medium_table[key] = True
        self._two_table = np.zeros(1 << 16, dtype=bool)
        for key in self._two:
            self._two_table[key] = True

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def _candidates(self, buffer: bytes, at_file_start: bool) -> Iterable[tuple[int, list[bytes]]]:
        """Word starts whose first bytes begin some pattern, with those patterns."""
        if buffer and (self._long or self._medium or self._two):
            padded = buffer + b"\0" * 8
            codes = np.frombuffer(padded, dtype=np.uint8)
            word = np.frombuffer(padded.translate(_WORD_BYTES), dtype=np.bool_)
            starts = np.flatnonzero(word[1:len(buffer) + 1] & ~word[:len(buffer)]) + 1
            if at_file_start and word[0]:
                starts = np.concatenate(([0], starts))
            # Lower-case only the bytes looked at, not the whole chunk.
            byte = lambda offset, positions: _LOWER[codes[positions + offset]] << (8 * offset)
            key3 = byte(0, starts) | byte(1, starts) | byte(2, starts)
            if self._two:
                two = key3 & 0xFFFF
                hit = self._two_table[two]
                for start, key in zip(starts[hit].tolist(), two[hit].tolist()):
                    yield start, self._two[key]
            chosen = self._first[key3]
            starts, key3 = starts[chosen], key3[chosen]
            if self._medium_table is not None:
                hit = self._medium_table[key3]
                for start, key in zip(starts[hit].tolist(), key3[hit].tolist()):
                    yield start, self._medium[key]
            if self._long and len(starts):
                wide = lambda offset: _LOWER[codes[starts + offset]].astype(np.uint64) << np.uint64(8 * offset)
                key6 = key3.astype(np.uint64) | wide(3) | wide(4) | wide(5)
                at = np.minimum(np.searchsorted(self._long_keys, key6), len(self._long_keys) - 1)
                hit = self._long_keys[at] == key6
                for start, key in zip(starts[hit].tolist(), key6[hit].tolist()):
                    yield start, self._long[key]
        if self._odd:
            low = buffer.lower()
            for pattern in self._odd:
                at = low.find(pattern)
                while at != -1:
                    yield at, [pattern]
                    at = low.find(pattern, at + 1)

    def _hits(self, buffer: bytes, first: int, stop: int, at_file_start: bool = True) -> list[int]:
        """Starts in [first, stop) where some pattern matches as a whole word."""
        return [start for start, _pattern in self._matches(buffer, first, stop, at_file_start)]

    def _matches(self, buffer: bytes, first: int, stop: int, at_file_start: bool = True) -> list[tuple[int, bytes]]:
        """(start, pattern) for each start in [first, stop) where some pattern matches as a whole word
        and stands as that original by the words around it."""
        hits: dict[int, bytes] = {}
        for start, patterns in self._candidates(buffer, at_file_start):
            if first <= start < stop and start not in hits and not _is_word_at(buffer, start, before=True):
                for pattern in patterns:
                    end = start + len(pattern)
                    if (buffer[start:end].lower() == pattern and not _is_word_at(buffer, end, before=False)
                            and (pattern not in self._needs_capital or _capital_at(buffer, start))
                            and not self._in_placeholder(buffer, start, end)
                            and self._rule.in_words(buffer, start, end, typed=pattern in self._typed) is None):
                        hits[start] = pattern
                        break
        return sorted(hits.items())

    def matches(self, data: bytes) -> list[tuple[int, int, str]]:
        """(start, end, original) of every hit in `data`."""
        return [(start, start + len(pattern), self.original_of[pattern]) for start, pattern in self._matches(data, 0, len(data))]

    def _in_placeholder(self, buffer: bytes, start: int, end: int) -> bool:
        if not self._placeholders:
            return False
        opening = buffer.rfind(b"[", max(start - _BRACKET_REACH, 0), start + 1)
        closing = buffer.find(b"]", end - 1, end + _BRACKET_REACH)
        if opening == -1 or closing == -1:
            return False
        span = buffer[opening:closing + 1]
        return b"\n" not in span and span in self._placeholders

    def scan_bytes(self, data: bytes) -> list[int]:
        """Line numbers (1-based) of every hit."""
        return [data.count(b"\n", 0, s) + 1 for s in self._hits(data, 0, len(data))]

    def scan_range(self, path, begin: int, end: int) -> list[int]:
        """Byte offsets of hits starting in [begin, end) of the file at `path`, read in chunks.
        One byte before `begin` is read as context for the word-boundary check."""
        keep = self.longest + 1
        offsets: list[int] = []
        with open(path, "rb") as handle:
            origin = max(begin - 1, 0)
            handle.seek(origin)
            buffer, first = b"", begin - origin
            while True:
                want = min(CHUNK, end + keep - origin - len(buffer))
                block = handle.read(want) if want > 0 else b""
                buffer += block
                final = not block
                stop = min(end - origin, len(buffer) if final else len(buffer) - keep)
                if stop > first:
                    offsets += [origin + s for s in self._hits(buffer, first, stop, at_file_start=origin == 0 and first == 0)]
                if final or stop >= end - origin:
                    return offsets
                if stop > first:
                    cut = stop - 1
                    origin, buffer, first = origin + cut, buffer[cut:], 1

    def scan_stream(self, handle: BinaryIO) -> list[int]:
        """As scan_bytes, reading `handle` in chunks: memory stays flat.

        Each round keeps the last `longest + 1` bytes (plus one byte of context) for the
        next, so a name across a chunk boundary is found once."""
        keep = self.longest + 1
        lines: list[int] = []
        buffer, first, line_base = b"", 0, 1
        while True:
            block = handle.read(CHUNK)
            buffer += block
            stop = len(buffer) if not block else len(buffer) - keep
            if stop > first or not block:
                for start in self._hits(buffer, first, max(stop, first), at_file_start=first == 0):
                    lines.append(line_base + buffer.count(b"\n", 0, start))
            if not block:
                return lines
            if stop > first:
                cut = stop - 1  # one byte before the kept tail: context for the boundary check
                line_base += buffer.count(b"\n", 0, cut)
                buffer, first = buffer[cut:], 1


# ------------------------------------------------------------------ many files, all cores

RANGE = 64 * 1024 * 1024  # a large file is shared out between workers in pieces of this size
PARALLEL_FROM = 32 * 1024 * 1024  # below this much, starting worker processes costs more than it saves
_worker_scanner: LiteralScanner | None = None


def _start_worker(config: tuple) -> None:
    global _worker_scanner
    _worker_scanner = LiteralScanner(*config)


def _scan_piece(task: tuple[str, int, int]) -> tuple[str, list[int]]:
    path, begin, end = task
    return path, _worker_scanner.scan_range(path, begin, end)


def offsets_to_lines(path, offsets: list[int]) -> list[int]:
    """1-based line numbers of byte offsets, counting newlines in one streamed pass."""
    lines, line, done = [], 1, 0
    pending = sorted(offsets)
    with open(path, "rb") as handle:
        while pending:
            block = handle.read(CHUNK)
            if not block:
                break
            while pending and pending[0] < done + len(block):
                lines.append(line + block.count(b"\n", 0, pending.pop(0) - done))
            line += block.count(b"\n")
            done += len(block)
    return lines


class FileScan:
    """A search of many files, running in worker processes while the caller does other work.

    Large inputs are cut into byte ranges scanned by one process per core, since the search,
    not the disk, is what limits the speed. `result()` waits and gives line numbers per file
    (files without hits are left out)."""

    def __init__(self, scanner: LiteralScanner, paths: list[Path], workers: int | None = None) -> None:
        self._scanner = scanner
        sizes = {Path(p): os.stat(p).st_size for p in paths} if self._scanner else {}
        self._tasks = [(str(p), begin, min(begin + RANGE, size)) for p, size in sizes.items()
                       for begin in range(0, max(size, 1), RANGE)]
        workers = min(workers or os.cpu_count() or 1, len(self._tasks))
        self._pool = None
        if workers > 1 and sum(sizes.values()) >= PARALLEL_FROM:
            self._pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(scanner.config,))
            self._futures = [self._pool.submit(_scan_piece, task) for task in self._tasks]

    def result(self) -> dict[Path, list[int]]:
        """Line numbers of the hits per file."""
        return {path: offsets_to_lines(path, offsets) for path, offsets in self.offsets().items()}

    def offsets(self) -> dict[Path, list[int]]:
        """Byte offsets of the hits per file (files without hits are left out)."""
        found: dict[Path, list[int]] = defaultdict(list)
        if self._pool is None:
            for path, begin, end in self._tasks:
                found[Path(path)] += self._scanner.scan_range(path, begin, end)
        else:
            try:
                for future in self._futures:
                    path, offsets = future.result()
                    found[Path(path)] += offsets
            finally:
                self._pool.shutdown(cancel_futures=True)
        return {path: sorted(offsets) for path, offsets in found.items() if offsets}

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def scan_files(originals: list[str], paths: list[Path], workers: int | None = None) -> dict[Path, list[int]]:
    """Hits (line numbers) per file, for every file in `paths`; files without hits are left out."""
    return FileScan(LiteralScanner(originals), paths, workers).result()
