"""Small, exact edits to an SPSS system file that pyreadstat has just written.

pyreadstat cannot set two things we need: the header's creation time (it stamps the
clock, so the same data would give different bytes on every run) and multiple-response
sets (its writer has no argument for them, although its reader returns them). Both are
plain records in the file's dictionary, so they are put in here, after writing:

* the creation date and time are fixed-width text at a fixed place in the header;
* the multiple-response sets go into an extension record (type 7, subtype 7) inserted
  just before the dictionary's end (record 999). In a .zsav the compressed data that
  follows is found through absolute file offsets (the zlib header and trailer), so
  those move by the size of the inserted record.

Layouts follow the published description of the system-file format (the GNU PSPP
manual, "System File Format"). Only what pyreadstat writes has to be understood: a
file this module cannot walk is left as it was and the caller is told so.
"""

from __future__ import annotations

import struct
from datetime import datetime

HEADER_SIZE = 176
_DATE = slice(92, 101)          # "dd Mon yy"
_TIME = slice(101, 109)         # "hh:mm:ss"
_LAYOUT = slice(64, 68)         # 2 or 3, in the file's byte order
_COMPRESSION = slice(72, 76)    # 0 none, 1 bytecode, 2 zlib (.zsav)
# Header fields the writer fills, never the data: the product name after "$FL2" (bytes 4-64)
# and the creation date and time. A name found there ("Jan" in "01 Jan 80") is the writer's
# text. The file label (bytes 109-173) is the depositor's and is not among them.
WRITER_FIELDS = ((0, 64), (_DATE.start, _TIME.stop))
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

REC_VARIABLE, REC_LABELS, REC_LABEL_VARS, REC_DOCUMENT, REC_EXTENSION, REC_END = 2, 3, 4, 6, 7, 999
SUB_MR_SETS, SUB_LONG_NAMES = 7, 13


class UnreadableDictionary(ValueError):
    """The file's dictionary is not laid out as this module expects."""


def stamp_header(data: bytearray, when: datetime) -> None:
    """Set the header's creation date and time (in place)."""
    if data[:4] not in (b"$FL2", b"$FL3") or len(data) < HEADER_SIZE:
        return
    data[_DATE] = f"{when.day:02d} {_MONTHS[when.month - 1]} {when.year % 100:02d}".encode("ascii")
    data[_TIME] = f"{when.hour:02d}:{when.minute:02d}:{when.second:02d}".encode("ascii")


def writer_controlled(start: int, end: int) -> bool:
    """Do the bytes [start, end) of a system file lie inside a header field the writer sets?"""
    return any(low <= start and end <= high for low, high in WRITER_FIELDS)


def add_mr_sets(data: bytes, mr_sets: dict) -> bytes:
    """`data` with a multiple-response-set record holding `mr_sets` (pyreadstat's shape:
    name -> {type "C"|"D", counted_value, label, variable_list}, names without the "$").
    Variables are named in the record by their short (8-byte) names, as SPSS does."""
    if not mr_sets:
        return data
    order = _byte_order(data)
    end, short_of = _walk_dictionary(data, order)
    lines = b"".join(_mr_line(name, spec, short_of) for name, spec in mr_sets.items())
    record = struct.pack(order + "4i", REC_EXTENSION, SUB_MR_SETS, 1, len(lines)) + lines
    out = bytearray(data[:end] + record + data[end:])
    if struct.unpack(order + "i", data[_COMPRESSION])[0] == 2:
        _shift_zlib_offsets(out, end + len(record) + 8, len(record), order)
    return bytes(out)


def _mr_line(name: str, spec: dict, short_of: dict) -> bytes:
    label = str(spec.get("label") or "").encode("utf-8")
    try:
        names = [short_of[v] for v in spec.get("variable_list") or []]
    except KeyError as missing:
        raise UnreadableDictionary(f"the set {name} names a variable the file does not hold: {missing}") from None
    if spec.get("type") == "D":
        counted = str(_whole(spec.get("counted_value"))).encode("ascii")
        kind = b"D" + str(len(counted)).encode("ascii") + b" " + counted
    else:
        kind = b"C"
    return (b"$" + name.encode("utf-8") + b"=" + kind + b" " + str(len(label)).encode("ascii") + b" " + label
            + b" " + b" ".join(names) + b"\n")


def _whole(value) -> int:
    number = float(value)
    if not number.is_integer():
        raise UnreadableDictionary(f"counted value {value!r} is not a whole number")
    return int(number)


def _byte_order(data: bytes) -> str:
    if len(data) < HEADER_SIZE or data[:4] not in (b"$FL2", b"$FL3"):
        raise UnreadableDictionary("not an SPSS system file")
    for order in ("<", ">"):
        if struct.unpack(order + "i", data[_LAYOUT])[0] in (2, 3):
            return order
    raise UnreadableDictionary("unknown byte order")


def _walk_dictionary(data: bytes, order: str) -> tuple[int, dict[bytes, bytes]]:
    """Where record 999 starts, and each variable's long name (UTF-8) -> its short name."""
    at, shorts, longs = HEADER_SIZE, [], {}
    integer = struct.Struct(order + "i")

    def read_int(position: int) -> int:
        if position + 4 > len(data):
            raise UnreadableDictionary("the dictionary runs past the end of the file")
        return integer.unpack_from(data, position)[0]

    while True:
        kind = read_int(at)
        if kind == REC_VARIABLE:
            width, has_label, n_missing = read_int(at + 4), read_int(at + 8), read_int(at + 12)
            if width != -1:   # -1 marks the continuation of a long string, not a variable
                shorts.append(data[at + 24:at + 32].rstrip(b" "))
            at += 32
            if has_label:
                at += 4 + (read_int(at) + 3) // 4 * 4
            at += abs(n_missing) * 8
        elif kind == REC_LABELS:
            count, at = read_int(at + 4), at + 8
            for _ in range(count):
                if at + 9 > len(data):
                    raise UnreadableDictionary("a value label runs past the end of the file")
                at += 8 + (1 + data[at + 8] + 7) // 8 * 8
        elif kind == REC_LABEL_VARS:
            at += 8 + read_int(at + 4) * 4
        elif kind == REC_DOCUMENT:
            at += 8 + read_int(at + 4) * 80
        elif kind == REC_EXTENSION:
            subtype, size, count = read_int(at + 4), read_int(at + 8), read_int(at + 12)
            body = data[at + 16:at + 16 + size * count]
            if subtype == SUB_LONG_NAMES:
                for pair in body.split(b"\t"):
                    short, _, long = pair.partition(b"=")
                    if long:
                        longs[long] = short
            at += 16 + size * count
        elif kind == REC_END:
            break
        else:
            raise UnreadableDictionary(f"unknown record type {kind} at byte {at}")
    short_of = {s: s for s in shorts} | longs
    return at, {name.decode("utf-8"): short for name, short in short_of.items()}


def _shift_zlib_offsets(data: bytearray, zheader_at: int, by: int, order: str) -> None:
    """Move the .zsav zlib header's and trailer's absolute offsets by `by` bytes (in place)."""
    zheader = struct.Struct(order + "3q")
    zheader_ofs, ztrailer_ofs, ztrailer_len = zheader.unpack_from(data, zheader_at)
    if zheader_ofs + by != zheader_at:
        raise UnreadableDictionary("the zlib header is not where the dictionary ends")
    zheader.pack_into(data, zheader_at, zheader_ofs + by, ztrailer_ofs + by, ztrailer_len)
    trailer_at = ztrailer_ofs + by
    n_blocks = struct.unpack_from(order + "i", data, trailer_at + 20)[0]
    entry = struct.Struct(order + "2q2i")
    for i in range(n_blocks):
        at = trailer_at + 24 + i * entry.size
        uncompressed_ofs, compressed_ofs, usize, csize = entry.unpack_from(data, at)
        entry.pack_into(data, at, uncompressed_ofs + by, compressed_ofs + by, usize, csize)
