"""Rebuild en_GB.txt.gz from Debian's `wbritish` package (SCOWL, sizes 10-50).

    apt-get install wbritish
    python deposit/checks/wordlists/build_wordlist.py [/usr/share/dict/british-english]

Only lower-case words are kept (capitalised entries are names and places, which
the spell check skips anyway), which keeps the shipped list small. The output is
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


def build(source: str, target: Path) -> int:
    words = sorted({line.strip() for line in Path(source).read_text(encoding="utf-8").splitlines()
                    if WORD.match(line.strip()) and not line.strip().endswith("'s")})
    data = ("\n".join(words) + "\n").encode("utf-8")
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="", compresslevel=9) as out:
        out.write(data)
    return len(words)


if __name__ == "__main__":
    here = Path(__file__).parent
    count = build(sys.argv[1] if len(sys.argv) > 1 else SOURCE, here / "en_GB.txt.gz")
    print(f"wrote {count} words to {here / 'en_GB.txt.gz'}")
