"""Splitting by size: documentation in every part, the bulk shared out, every part under the limit."""

from dataclasses import dataclass

import pytest

from deposit.packager.split import entry_cost, split
from manifests.errors import UserError


@dataclass(frozen=True)
class F:
    name: str
    size: int

    @property
    def inner(self) -> str:
        return self.name.split("/", 1)[1]


def test_one_part_when_everything_fits():
    files = [F("U/mrdoc/a.xml", 10), F("U/tab/b.tab", 20)]
    assert split(files, 10**6) == [sorted(files, key=lambda f: f.name)]


def test_bulk_is_shared_out_and_docs_repeat():
    docs = [F("U/mrdoc/ddi.xml", 1000), F("U/readme.htm", 500)]
    bulk = [F(f"U/text/t{i}.txt", 300_000) for i in range(7)]
    limit = 1_000_000
    parts = split(docs + bulk, limit)
    assert len(parts) == 3
    for part in parts:
        assert set(docs) <= set(part)
        assert sum(entry_cost(f.name, f.size) for f in part) + 64 * 1024 <= limit
    assert sorted(f.name for part in parts for f in part if f in bulk) == sorted(f.name for f in bulk)


def test_a_file_too_big_for_any_part():
    with pytest.raises(UserError, match="t.txt"):
        split([F("U/text/t.txt", 2_000_000)], 1_000_000)


def test_documentation_alone_too_big():
    with pytest.raises(UserError, match="documentation alone"):
        split([F(f"U/mrdoc/doc{i}.pdf", 40_000) for i in range(30)] + [F("U/tab/x.tab", 1)], 1_000_000)


def test_large_documents_are_shared_out_not_repeated():
    files = [F("U/mrdoc/ddi.xml", 1000)] + [F(f"U/mrdoc/scan{i}.pdf", 400_000) for i in range(4)]
    parts = split(files, 1_000_000)
    assert len(parts) == 2
    assert all(F("U/mrdoc/ddi.xml", 1000) in part for part in parts)
    assert sum(1 for part in parts for f in part if f.name.endswith(".pdf")) == 4
