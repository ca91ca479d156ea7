"""Rebuild en_GB.txt.gz and en_GB_proper.txt.gz from Debian's `wbritish` package (SCOWL, sizes 10-50).

    apt-get install wbritish
    python deposit/checks/wordlists/build_wordlist.py [/usr/share/dict/british-english]

Lower-case words go to en_GB; capitalised entries (names, places, nationalities)
go, lower-cased, to en_GB_proper, which the spell check uses only to recognise a
capitalised first word of a label as a name rather than a typo. The output is
gzip with a fixed timestamp, so rebuilding from the same package gives the same
bytes. SCOWL's licence asks that its notice travel with the list: see
SCOWL-LICENCE.txt beside it.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

SOURCE = "/usr/share/dict/british-english"
WORD = re.compile(r"^[a-z]+(?:'[a-z]+)?$")


PROPER = re.compile(r"^[A-Z][a-z]+(?:'[a-z]+)?$")


def _write(words: set[str], target: Path) -> int:
    data = ("\n".join(sorted(words)) + "\n").encode("utf-8")
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="", compresslevel=9) as out:
        out.write(data)
    return len(words)


def build(source: str, folder: Path) -> tuple[int, int]:
    lines = [line.strip() for line in Path(source).read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if not line.endswith("'s")]
    common = {line for line in lines if WORD.match(line)}
    proper = {line.lower() for line in lines if PROPER.match(line)} - common
    return _write(common, folder / "en_GB.txt.gz"), _write(proper, folder / "en_GB_proper.txt.gz")


if __name__ == "__main__":
    here = Path(__file__).parent
    common, proper = build(sys.argv[1] if len(sys.argv) > 1 else SOURCE, here)
    print(f"wrote {common} words to en_GB.txt.gz and {proper} proper nouns to en_GB_proper.txt.gz in {here}")
