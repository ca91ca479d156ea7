"""BagIt (RFC 8493): write a bag into any sink, and check a bag on disk.

Writing is single-pass: the caller hands over every payload file with its size
known up front (so bag-info's Payload-Oxum can be written first), each file is
read once, hashed while it is copied, and the manifests are rendered last.
That order is also the sorted order of the tag and payload names, which is what
lets the zip writer keep its entries sorted without a second read. We write
BagIt 1.0, UTF-8, sha256.

Checking reports every problem it finds as a `Problem`, rather than stopping at
the first one; each is worded by the problem catalogue (manifests/problems.yaml)
from the facts bagit-python's errors carry: which file, which algorithm,
expected and found. It judges a bag by a `Profile`: DEPOSIT for the
bundles this toolkit writes (anything unusual is damage), PLAIN for a bag from
any BagIt tool, version 0.93 to 1.0 (what those versions allow passes, what
they discourage is a warning).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path, PurePosixPath
from typing import Protocol
from urllib.parse import urlsplit

from manifests.errors import ProblemReport
from manifests.fileio import CHUNK, atomic_output, copy_hashing, write_bytes

VERSION = "1.0"
ENCODING = "UTF-8"
ALGORITHM = "sha256"
MANIFEST = f"manifest-{ALGORITHM}.txt"
TAGMANIFEST = f"tagmanifest-{ALGORITHM}.txt"
BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
OLD_BAG_INFO = "package-info.txt"  # its name in BagIt 0.93 to 0.95
FETCH = "fetch.txt"
PAYLOAD = "data"
# Algorithms hashlib can check if a bag from elsewhere carries them; we write sha256 only.
KNOWN_ALGORITHMS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
WEAK_ALGORITHMS = ("md5", "sha1")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_MANIFEST_NAME = re.compile(r"manifest-(\w+)\.txt")
# Files an operating system leaves in folders: bagged by accident more often than not.
SYSTEM_FILES = {".ds_store": "macOS folder settings", "thumbs.db": "Windows thumbnail cache",
                "desktop.ini": "Windows folder settings"}


# --------------------------------------------------------------------------- small pure helpers

def encode_path(path: str) -> str:
    """RFC 8493 2.1.3: CR, LF and % in a manifest path are percent-encoded."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(path: str) -> str:
    return path.replace("%0D", "\r").replace("%0d", "\r").replace("%0A", "\n").replace("%0a", "\n").replace("%25", "%")


def payload_oxum(total_bytes: int, count: int) -> str:
    return f"{total_bytes}.{count}"


def human_size(n: int) -> str:
    """Approximate size for Bag-Size, in decimal units as RFC 8493's example ("260 GB")."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{int(size)} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def render_bagit_txt() -> bytes:
    return f"BagIt-Version: {VERSION}\nTag-File-Character-Encoding: {ENCODING}\n".encode("utf-8")


def render_bag_info(pairs: Iterable[tuple[str, str]]) -> bytes:
    """One `Label: value` line per pair, in the given order. Values are single lines:
    a line break inside a value would be read back as a new label."""
    lines = []
    for label, value in pairs:
        value = " ".join(str(value).split())
        lines.append(f"{label}: {value}\n")
    return "".join(lines).encode("utf-8")


def render_manifest(digests: Mapping[str, str]) -> bytes:
    return "".join(f"{digests[p]}  {encode_path(p)}\n" for p in sorted(digests)).encode("utf-8")


def is_unsafe_relpath(path: str) -> bool:
    """True for anything that could point outside the bag: absolute, drive letters, `..`, `~`.
    Backslashes count as separators: the bag may be checked, or unpacked, on Windows."""
    if not path or path.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", path):
        return True
    parts = re.split(r"[\\/]", path)
    return any(part in ("..",) for part in parts)


def parse_bag_info(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Labels and values in file order (continuation lines start with whitespace),
    plus the lines that are neither."""
    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line[0] in " \t" and pairs:
            label, value = pairs[-1]
            pairs[-1] = (label, f"{value} {line.strip()}")
        elif ":" in line:
            label, value = line.split(":", 1)
            pairs.append((label.strip(), value.strip()))
        else:
            bad.append(line)
    return pairs, bad


def info_value(pairs: list[tuple[str, str]], label: str) -> str | None:
    for name, value in pairs:
        if name.lower() == label.lower():
            return value
    return None


def manifest_algorithms(names: Iterable[str]) -> set[str]:
    """The algorithms of the payload manifests among archive entry names, for a bag at the
    top of the archive or in one top folder: what a verifier must hash while extracting."""
    found = set()
    for name in names:
        parts = name.split("/")
        if len(parts) <= 2 and (match := _MANIFEST_NAME.fullmatch(parts[-1])) and match[1] in KNOWN_ALGORITHMS:
            found.add(match[1])
    return found


# --------------------------------------------------------------------------- writing

class Sink(Protocol):
    """Where a bag goes (a zip, a folder). Names are POSIX paths relative to the bag root."""

    def add_file(self, name: str, source: Path, size: int, digest: "hashlib._Hash") -> None: ...

    def add_bytes(self, name: str, data: bytes) -> None: ...


@dataclass(frozen=True)
class PayloadItem:
    """One payload file: `name` relative to data/, content from a file or from memory."""

    name: str
    source: Path | None = None
    data: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else os.stat(self.source).st_size


def bag_info_pairs(base: Iterable[tuple[str, str]], total_bytes: int, count: int) -> list[tuple[str, str]]:
    """The caller's descriptive labels followed by the two computed ones."""
    return [*base, ("Payload-Oxum", payload_oxum(total_bytes, count)), ("Bag-Size", human_size(total_bytes))]


def write_bag(sink: Sink, payload: Iterable[PayloadItem], info: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Write a complete bag into `sink`, in sorted name order. Returns payload path -> sha256.

    `info` holds the descriptive bag-info labels (Source-Organization, Bagging-Date, ...);
    Payload-Oxum and Bag-Size are computed here."""
    items = sorted(payload, key=lambda item: item.name)
    names = [f"{PAYLOAD}/{item.name}" for item in items]
    if len(set(names)) != len(names):
        raise ValueError("two payload files share a name")
    sizes = [item.size for item in items]
    bagit_txt = render_bagit_txt()
    bag_info = render_bag_info(bag_info_pairs(info, sum(sizes), len(items)))
    sink.add_bytes(BAG_INFO, bag_info)
    sink.add_bytes(BAGIT_TXT, bagit_txt)
    digests: dict[str, str] = {}
    for name, item, size in zip(names, items, sizes):
        digest = hashlib.sha256()
        if item.data is not None:
            digest.update(item.data)
            sink.add_bytes(name, item.data)
        else:
            sink.add_file(name, item.source, size, digest)
        digests[name] = digest.hexdigest()
    manifest = render_manifest(digests)
    sink.add_bytes(MANIFEST, manifest)
    tag_digests = {n: hashlib.sha256(b).hexdigest() for n, b in ((BAG_INFO, bag_info), (BAGIT_TXT, bagit_txt), (MANIFEST, manifest))}
    sink.add_bytes(TAGMANIFEST, render_manifest(tag_digests))
    return digests


class DirectorySink:
    """Write a bag as a plain folder (tests and tools; bundles are zips)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def add_bytes(self, name: str, data: bytes) -> None:
        write_bytes(self.root / name, data)

    def add_file(self, name: str, source: Path, size: int, digest) -> None:
        with atomic_output(self.root / name, "wb") as out:
            copy_hashing(source, out, size, digest, "bagged")


# --------------------------------------------------------------------------- judging a bag (pure)

@dataclass(frozen=True)
class Profile:
    """How check_bag judges a bag.

    `versions` and `encodings` are the BagIt-Version and Tag-File-Character-Encoding values
    accepted (`encodings` None: any encoding Python can decode). `fetch`: a bag may be holey,
    with a fetch.txt naming files to download (it is complete only once they are present).
    `tolerant`: what the spec versions allow but discourage, and what common tools do, is a
    warning rather than an error: a byte-order mark in a UTF-8 tag file, a manifest line
    repeated with the same checksum (an error from BagIt 1.0 on either way), and a name the
    file system stores in another Unicode normalisation form than the manifest."""

    name: str
    versions: tuple[str, ...]
    encodings: tuple[str, ...] | None
    fetch: bool
    tolerant: bool


# Bundles this toolkit writes: BagIt 1.0 (0.97 is read too), UTF-8, every file inside.
DEPOSIT = Profile("deposit", versions=("1.0", "0.97"), encodings=("UTF-8",), fetch=False, tolerant=False)
# A bag from any BagIt tool, as the Library of Congress conformance suite describes them.
PLAIN = Profile("plain BagIt", versions=("1.0", "0.97", "0.96", "0.95", "0.94", "0.93"), encodings=None,
                fetch=True, tolerant=True)

_DECLARATION = ("BagIt-Version", "Tag-File-Character-Encoding")


@dataclass(frozen=True)
class Declaration:
    """What bagit.txt says, judged: the version as numbers (None when unusable) and the
    Python codec that reads the other tag files."""

    version: tuple[int, int] | None
    codec: str

    @property
    def info_file(self) -> str:
        return OLD_BAG_INFO if self.version is not None and self.version < (0, 96) else BAG_INFO

    def repeats(self, profile: Profile) -> str:
        """Severity of a manifest line repeating another with the same checksum: BagIt 1.0
        forbids it; 0.97 and earlier only discourage it."""
        return "warning" if profile.tolerant and self.version is not None and self.version < (1, 0) else "error"


def parse_declaration(raw: bytes, profile: Profile, report: ProblemReport) -> Declaration:
    """bagit.txt is always UTF-8 without a byte-order mark, and exactly two lines:
    'BagIt-Version: M.N' then 'Tag-File-Character-Encoding: ENCODING' (RFC 8493 2.1.1)."""
    if raw.startswith(codecs.BOM_UTF8):
        report.add_problem("bagit.bom", location=BAGIT_TXT, file=BAGIT_TXT)
        raw = raw[len(codecs.BOM_UTF8):]
    text = _decode(raw, BAGIT_TXT, "UTF-8", "utf-8", report)
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    values: dict[str, str] = {}
    for number, (label, line) in enumerate(zip_longest(_DECLARATION, lines), start=1):
        # a missing or unreadable line is a problem of the value it should declare
        code = "bagit.version" if label == _DECLARATION[0] else "bagit.encoding"
        if line is None:
            report.add_problem(code, variant="missing_line", location=BAGIT_TXT, number=number, label=label)
        elif label is None:
            report.add_problem("bagit.declaration", variant="extra_line", location=BAGIT_TXT, number=number, line=line[:80])
        elif match := re.fullmatch(rf"{label}: (\S+)", line):
            values[label] = match[1]
        elif match := re.fullmatch(rf"\s*{label}\s*:\s*(\S*)\s*", line, re.IGNORECASE):
            # readable, so judged below as well; but not in the one form the RFC allows
            values[label] = match[1]
            report.add_problem("bagit.declaration", location=BAGIT_TXT, number=number, label=label, value=match[1], line=line)
        else:
            report.add_problem(code, variant="malformed_line", location=BAGIT_TXT, number=number, label=label, line=line[:80])
    return Declaration(_judge_version(values.get(_DECLARATION[0]), profile, report),
                       _judge_encoding(values.get(_DECLARATION[1]), profile, report))


def _judge_version(version: str | None, profile: Profile, report: ProblemReport) -> tuple[int, int] | None:
    if version is None:
        return None
    if not re.fullmatch(r"\d+\.\d+", version):
        report.add_problem("bagit.version", variant="not_a_number", location=BAGIT_TXT, version=version)
        return None
    if version not in profile.versions:
        report.add_problem("bagit.version", variant=None if len(profile.versions) > 1 else "only", location=BAGIT_TXT,
                           version=version, expected=profile.versions[0], others=", ".join(profile.versions[1:]))
    major, minor = version.split(".")
    return int(major), int(minor)


def _judge_encoding(encoding: str | None, profile: Profile, report: ProblemReport) -> str:
    """The codec for the other tag files; UTF-8 when the declared one cannot be used."""
    if encoding is None:
        return "utf-8"
    if profile.encodings is not None and encoding.upper().replace("_", "-") not in profile.encodings:
        report.add_problem("bagit.encoding", location=BAGIT_TXT, encoding=encoding, expected=" or ".join(profile.encodings))
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        report.add_problem("bagit.encoding", variant="unknown", location=BAGIT_TXT, encoding=encoding)
        return "utf-8"


def _decode(raw: bytes, name: str, label: str, codec: str, report: ProblemReport) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        report.add_problem("bagit.encoding", variant="undecodable", location=name, file=name, encoding=label, byte=exc.start)
        return raw.decode(codec, errors="replace")


def decode_tag_file(raw: bytes, name: str, declaration: Declaration, profile: Profile, report: ProblemReport) -> str:
    """A tag file's text in the declared encoding. A byte-order mark is left over only where
    the encoding has no use for one (UTF-8; UTF-16 consumes its own)."""
    text = _decode(raw, name, declaration.codec, declaration.codec, report)
    if text.startswith("\ufeff"):
        report.add_problem("bagit.bom", location=name, severity="warning" if profile.tolerant else "error", file=name)
        text = text[1:]
    return text


def parse_manifest(text: str, source: str, report: ProblemReport, repeats: str = "error") -> dict[str, str]:
    """path -> digest (lower case). Malformed, unsafe or repeated lines become problems; a
    line repeating another with the same checksum has severity `repeats`."""
    entries: dict[str, str] = {}
    habits = {"'*' before the path (md5sum's binary-mode mark)": 0, "'./' before the path": 0}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.strip().split(None, 1)
        where = f"{source}:{number}"
        if len(fields) != 2 or not _HEX.match(fields[0]):
            report.add_problem("bagit.manifest_line", location=where, number=number, manifest=source, line=line.strip()[:80])
            continue
        digest, path = fields[0].lower(), decode_path(fields[1])
        if path.startswith("*"):
            habits["'*' before the path (md5sum's binary-mode mark)"] += 1
            path = path.lstrip("*")
        if path.startswith("./"):
            habits["'./' before the path"] += 1
        if is_unsafe_relpath(path):
            report.add_problem("bagit.unsafe_path", location=where, manifest=source, path=path)
            continue
        path = str(PurePosixPath(path))
        if path in entries:
            same = entries[path] == digest
            report.add_problem("bagit.manifest_duplicate", variant="same_value" if same else None, location=where,
                               severity=repeats if same else "error", manifest=source, path=path)
            continue
        entries[path] = digest
    for habit, count in habits.items():
        if count:
            report.add_problem("bagit.manifest_style", location=source, manifest=source, habit=habit, count=count)
    return entries


@dataclass(frozen=True)
class FetchEntry:
    """One line of fetch.txt: download `url` (`length` bytes, None when '-') to `path`."""

    url: str
    length: int | None
    path: str
    line: int


def parse_fetch(text: str, report: ProblemReport) -> list[FetchEntry]:
    """Lines '<url> <length or -> <path>' (RFC 8493 2.2.3); a path must be a payload file."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{FETCH}:{number}"
        fields = line.strip().split(None, 2)
        if len(fields) != 3 or not (fields[1] == "-" or fields[1].isdigit()):
            report.add_problem("bagit.fetch_line", location=where, number=number, line=line.strip()[:80])
            continue
        url, length, path = fields[0], fields[1], decode_path(fields[2])
        if is_unsafe_relpath(path):
            report.add_problem("bagit.unsafe_path", variant="fetch", location=where, manifest=FETCH, path=path)
            continue
        path = str(PurePosixPath(path))
        parts = urlsplit(url)
        if not (parts.scheme and (parts.netloc or parts.scheme == "file")):
            report.add_problem("bagit.fetch_line", variant="not_a_url", location=where, number=number, url=url)
        elif not path.startswith(PAYLOAD + "/"):
            report.add_problem("bagit.fetch_path", location=where, path=path)
        else:
            entries.append(FetchEntry(url, None if length == "-" else int(length), path, number))
    return entries


def resolve_listed(listed: Iterable[str], present: Collection[str], unicode_forms: bool) -> dict[str, str | None]:
    """Which present file each listed path names: the same name, else (with `unicode_forms`)
    the one present file whose name differs only in Unicode normalisation. A bag that went
    through a file system that rewrites names (macOS HFS+ stores decomposed forms) keeps its
    manifest's spelling while its files change theirs."""
    present = set(present)
    by_form: dict[str, list[str]] = {}
    for name in present:
        by_form.setdefault(unicodedata.normalize("NFC", name), []).append(name)
    resolved: dict[str, str | None] = {}
    for name in listed:
        if name in present:
            resolved[name] = name
            continue
        candidates = by_form.get(unicodedata.normalize("NFC", name), []) if unicode_forms else []
        resolved[name] = candidates[0] if len(candidates) == 1 else None
    return resolved


def _unicode_form(name: str) -> str:
    for form, described in (("NFC", "composed Unicode (NFC)"), ("NFD", "decomposed Unicode (NFD)")):
        if unicodedata.normalize(form, name) == name:
            return described
    return "mixed Unicode forms"


def compare_listing(manifest: str, entries: Mapping[str, str], present: Collection[str], pending: Collection[str],
                    unicode_forms: bool, report: ProblemReport) -> list[tuple[str, str]]:
    """Completeness against one payload manifest: every listed file exists (or is still to be
    fetched, reported elsewhere), every payload file is listed. Returns (present file, expected
    digest) for each file whose checksum is to be verified."""
    resolved = resolve_listed(entries, present, unicode_forms)
    to_verify = []
    for listed, expected in sorted(entries.items()):
        found = resolved[listed]
        if not listed.startswith(PAYLOAD + "/"):
            report.add_problem("bagit.manifest_path", location=listed, manifest=manifest, path=listed)
        elif found is None and listed not in pending:
            report.add_problem("bagit.missing_file", location=listed, path=listed, manifest=manifest)
        elif found is not None:
            if found != listed:
                report.add_problem("bagit.unicode_form", location=found, manifest=manifest, path=listed,
                                   listed_form=_unicode_form(listed), stored_form=_unicode_form(found))
            to_verify.append((found, expected))
    for rel in sorted(set(present) - {found for found in resolved.values() if found}):
        report.add_problem("bagit.extra_file", location=rel, path=rel, manifest=manifest)
    return to_verify


def check_oxum(pairs: list[tuple[str, str]], info_file: str, sizes: Mapping[str, int], report: ProblemReport) -> None:
    """Payload-Oxum, '<bytes>.<files>', against the payload found."""
    oxum = [v for k, v in pairs if k.lower() == "payload-oxum"]
    if len(oxum) > 1:
        report.add_problem("bagit.oxum", variant="repeated", location=info_file, info_file=info_file)
    if not oxum:
        return
    match = re.fullmatch(r"(\d+)\.(\d+)", oxum[0])
    if not match:
        report.add_problem("bagit.oxum", variant="malformed", location=info_file, value=oxum[0])
        return
    found_bytes = sum(sizes.values())
    want_bytes, want_files = int(match.group(1)), int(match.group(2))
    if (want_bytes, want_files) != (found_bytes, len(sizes)):
        report.add_problem("bagit.oxum", location=info_file, expected_files=want_files, expected_bytes=want_bytes,
                           found_files=len(sizes), found_bytes=found_bytes)


def check_algorithms(manifests: Mapping[str, str], profile: Profile, report: ProblemReport) -> None:
    """Which checksums protect the payload (`manifests`: file name -> algorithm). We write
    sha256 and expect it of our bundles; of other bags, only something stronger than md5 or sha1."""
    algorithms = set(manifests.values())
    if not algorithms:
        return  # no manifest could be read: reported already
    if profile.tolerant:
        if algorithms <= set(WEAK_ALGORITHMS):
            report.add_problem("bagit.weak_algorithm", location=", ".join(sorted(manifests)),
                               algorithms=" and ".join(sorted(algorithms)))
    elif ALGORITHM not in algorithms:
        report.add_problem("bagit.no_sha256", location=MANIFEST, manifest=MANIFEST, manifests=", ".join(sorted(manifests)))


def check_system_files(payload: Iterable[str], report: ProblemReport) -> None:
    for rel in sorted(payload):
        what = SYSTEM_FILES.get(PurePosixPath(rel).name.lower())
        if what:
            report.add_problem("bagit.system_file", location=rel, path=rel, what=what)


# --------------------------------------------------------------------------- checking a bag on disk

Hasher = Callable[[Path, Collection[str]], dict[str, str]]


def file_digests(path: Path, algorithms: Collection[str]) -> dict[str, str]:
    """Every algorithm's checksum of one file, in one read."""
    hashers = {algorithm: hashlib.new(algorithm) for algorithm in algorithms}
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            for h in hashers.values():
                h.update(block)
    return {algorithm: h.hexdigest() for algorithm, h in hashers.items()}


def _payload_sizes(root: Path) -> dict[str, int]:
    data = root / PAYLOAD
    return {p.relative_to(root).as_posix(): p.lstat().st_size for p in sorted(data.rglob("*")) if p.is_file() or p.is_symlink()}


def check_bag(root: Path, profile: Profile = DEPOSIT, known_digests: Mapping[str, Mapping[str, str]] | None = None,
              hasher: Hasher = file_digests, listing: Mapping[str, int] | None = None) -> ProblemReport:
    """Check the bag at `root` by `profile`: bagit.txt, bag-info and its Payload-Oxum,
    fetch.txt, completeness, and every checksum in every manifest and tag manifest.

    `known_digests` (bag-relative path -> {algorithm: digest}) lets a caller that already
    hashed the files while extracting them skip a second read; anything missing is hashed
    here. `listing` (bag-relative payload path -> size) replaces walking data/: a zip's own
    list of entries, when not every payload file was written to disk."""
    root = Path(root)
    report = ProblemReport()
    declaration = _read_declaration(root, profile, report)
    if not (root / PAYLOAD).is_dir():
        report.add_problem("bagit.no_payload", location=str(root))
        return report

    def tag_text(name: str) -> str:
        return decode_tag_file((root / name).read_bytes(), name, declaration, profile, report)

    sizes = dict(listing) if listing is not None else _payload_sizes(root)
    for rel in sorted(sizes):
        if (root / rel).is_symlink():
            report.add_problem("bagit.symlink", location=rel, path=rel)
    fetch = _read_fetch(root, profile, tag_text, report)

    names = sorted(p.name for p in root.glob("manifest-*.txt"))
    if not names:
        report.add_problem("bagit.no_manifest", location=str(root))
        return report
    manifests = {}
    for name in names:
        algorithm = name[len("manifest-"):-len(".txt")]
        if algorithm not in KNOWN_ALGORITHMS:
            report.add_problem("bagit.algorithm", location=name, manifest=name, algorithm=algorithm,
                               known=", ".join(KNOWN_ALGORITHMS))
        else:
            manifests[name] = (algorithm, parse_manifest(tag_text(name), name, report, declaration.repeats(profile)))
    check_algorithms({name: algorithm for name, (algorithm, _) in manifests.items()}, profile, report)

    listed = {path for _, entries in manifests.values() for path in entries}
    pending = _check_fetched(fetch, listed, set(sizes), profile, report)
    to_verify: list[tuple[str, str, str]] = []
    for name, (algorithm, entries) in manifests.items():
        for found, expected in compare_listing(name, entries, sizes, pending, profile.tolerant, report):
            to_verify.append((found, algorithm, expected))
    if (root / declaration.info_file).is_file():
        pairs, bad = parse_bag_info(tag_text(declaration.info_file))
        for line in bad:
            report.add_problem("bagit.info_line", location=declaration.info_file, info_file=declaration.info_file,
                               line=line[:80])
        if not pending:  # the Oxum describes the complete payload; the files to fetch are reported instead
            check_oxum(pairs, declaration.info_file, sizes, report)
    _verify_payload(root, to_verify, known_digests or {}, hasher, report)
    _verify_tag_manifests(root, declaration, profile, tag_text, report)
    check_system_files(sizes, report)
    return report


def _read_declaration(root: Path, profile: Profile, report: ProblemReport) -> Declaration:
    path = root / BAGIT_TXT
    if not path.is_file():
        report.add_problem("bagit.no_bagit_txt", location=str(root))
        return Declaration(None, "utf-8")
    return parse_declaration(path.read_bytes(), profile, report)


def _read_fetch(root: Path, profile: Profile, tag_text: Callable[[str], str], report: ProblemReport) -> list[FetchEntry]:
    if not (root / FETCH).is_file():
        return []
    if not profile.fetch:
        report.add_problem("bagit.fetch", location=FETCH)
        return []
    return parse_fetch(tag_text(FETCH), report)


def _check_fetched(fetch: list[FetchEntry], listed: set[str], present: set[str], profile: Profile,
                   report: ProblemReport) -> set[str]:
    """A holey bag is valid once every file fetch.txt names is present. Returns the files
    still to be fetched (each reported, with where to get it)."""
    if not fetch:
        return set()
    resolved = resolve_listed({entry.path for entry in fetch}, present, profile.tolerant)
    pending = set()
    for entry in fetch:
        if entry.path not in listed:
            report.add_problem("bagit.fetch_path", variant="unlisted", location=f"{FETCH}:{entry.line}", path=entry.path)
        elif resolved[entry.path] is None:
            pending.add(entry.path)
            report.add_problem("bagit.fetch_pending", location=entry.path, path=entry.path, url=entry.url)
    report.add_problem("bagit.fetch", variant="holey" if pending else "complete", location=FETCH, count=len(fetch),
                       pending=len(pending))
    return pending


def _verify_payload(root: Path, to_verify: list[tuple[str, str, str]], known: Mapping[str, Mapping[str, str]],
                    hasher: Hasher, report: ProblemReport) -> None:
    """Every listed checksum of every present payload file; each file read at most once,
    and not at all when the caller already knows its digests."""
    wanted: dict[str, set[str]] = {}
    for rel, algorithm, _ in to_verify:
        wanted.setdefault(rel, set()).add(algorithm)
    digests: dict[str, dict[str, str]] = {}
    for rel, algorithms in sorted(wanted.items()):
        if (root / rel).is_symlink():
            continue  # reported as a link; never followed
        digests[rel] = dict(known.get(rel, {}))
        missing = algorithms - set(digests[rel])
        if missing:
            read = _read_digests(root, rel, missing, hasher, report)
            if read is None:
                del digests[rel]
                continue
            digests[rel].update(read)
    for rel, algorithm, expected in to_verify:
        if rel in digests and (found := digests[rel][algorithm]) != expected:
            report.add_problem("bagit.checksum", location=rel, path=rel, algorithm=algorithm, expected=expected, found=found)


def _read_digests(root: Path, rel: str, algorithms: Collection[str], hasher: Hasher,
                  report: ProblemReport) -> dict[str, str] | None:
    try:
        return hasher(root / rel, algorithms)
    except OSError as exc:
        report.add_problem("bagit.unreadable", location=rel, path=rel, reason=str(exc.strerror or exc))
        return None


def _verify_tag_manifests(root: Path, declaration: Declaration, profile: Profile, tag_text: Callable[[str], str],
                          report: ProblemReport) -> None:
    """Tag files are small and always on disk: read here, whatever the payload's hasher."""
    for tagmanifest in sorted(p.name for p in root.glob("tagmanifest-*.txt")):
        algorithm = tagmanifest[len("tagmanifest-"):-len(".txt")]
        if algorithm not in KNOWN_ALGORITHMS:
            report.add_problem("bagit.algorithm", location=tagmanifest, manifest=tagmanifest, algorithm=algorithm,
                               known=", ".join(KNOWN_ALGORITHMS))
            continue
        entries = parse_manifest(tag_text(tagmanifest), tagmanifest, report, declaration.repeats(profile))
        for rel, expected in sorted(entries.items()):
            if rel.startswith((PAYLOAD + "/", "tagmanifest-")):
                report.add_problem("bagit.manifest_path", variant="not_tag_file", location=rel, manifest=tagmanifest, path=rel)
            elif not (root / rel).is_file():
                report.add_problem("bagit.missing_file", location=rel, path=rel, manifest=tagmanifest)
            elif (read := _read_digests(root, rel, [algorithm], file_digests, report)) and read[algorithm] != expected:
                report.add_problem("bagit.checksum", variant="tag_file", location=rel, path=rel, algorithm=algorithm,
                                   expected=expected, found=read[algorithm])


def read_bag_info(root: Path) -> list[tuple[str, str]]:
    """bag-info's labels and values (package-info.txt in BagIt 0.93 to 0.95), in the declared
    encoding; problems are check_bag's to report."""
    root, quiet = Path(root), ProblemReport()
    declaration = _read_declaration(root, PLAIN, quiet)
    path = root / declaration.info_file
    if not path.is_file():
        return []
    return parse_bag_info(decode_tag_file(path.read_bytes(), declaration.info_file, declaration, PLAIN, quiet))[0]
