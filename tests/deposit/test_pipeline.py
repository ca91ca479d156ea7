"""End to end: what `make deposit` does, on the small demonstration collection.

These tests run the real pipeline once (module fixture) on real files: .docx
and .txt transcripts, .sav data read back with pyreadstat, a real zip.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import tempfile
import zipfile
from pathlib import Path

import pyreadstat
import pytest

from anonymise.text.matching import KeptPhrases, any_case_originals, kept_phrases, searched_originals
from anonymise.text.placeholders import BRACKETED
from anonymise.text.settings import TextSettings
from deposit.cli import main
from manifests.loader import load_manifest

pytestmark = pytest.mark.slow

TEXT_SUFFIXES = {".txt", ".htm", ".html", ".xml", ".json", ".rtf", ".tab", ".csv"}


def digest_tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def bundle_texts(zip_path: Path) -> dict[str, str]:
    """Every bundled file as text: text formats decoded, .sav as its values and labels."""
    texts = {}
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            suffix = Path(name).suffix.lower()
            if suffix == ".sav":
                tmp = Path(tempfile.mkdtemp()) / "x.sav"
                tmp.write_bytes(data)
                df, meta = pyreadstat.read_sav(str(tmp))
                parts = [df.to_csv(sep="\t"), json.dumps(meta.column_names_to_labels), json.dumps(meta.variable_value_labels, default=str), str(meta.file_label)]
                texts[name] = "\n".join(parts)
            elif suffix in TEXT_SUFFIXES or suffix == "":
                texts[name] = data.decode("utf-8", errors="replace")
            else:
                texts[name] = data.decode("latin-1")
    return texts


@pytest.fixture(scope="module")
def deposit_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("deposit")
    collection, work, dist = base / "collection", base / "work", base / "dist"
    assert main(["demo", str(collection), "--scale", "small", "--seed", "1"]) == 0
    before = digest_tree(collection)
    # The demonstration has no human reviewer: its undecided items stay replaced (the safe
    # default), as `make deposit` does; test_package_refuses_pending_review covers the gate.
    code = main(["run", str(collection), "--work", str(work), "--out", str(dist), "--allow-pending-review"])
    return {"base": base, "collection": collection, "work": work, "dist": dist, "code": code, "before": before}


def test_pipeline_succeeds_and_bundle_is_where_stated(deposit_run):
    assert deposit_run["code"] == 0
    bundles = sorted(deposit_run["dist"].glob("*.zip"))
    assert bundles, "no bundle written"
    for bundle in bundles:
        assert zipfile.ZipFile(bundle).testzip() is None


def test_raw_files_are_untouched(deposit_run):
    assert digest_tree(deposit_run["collection"]) == deposit_run["before"]


def test_private_key_is_owner_only_json_lines(deposit_run):
    key = deposit_run["work"] / "private" / "key.jsonl"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    records = [json.loads(line) for line in key.read_text(encoding="utf-8").splitlines()]
    assert records
    for record in records:
        assert {"original", "replacement", "type", "file"} <= set(record)


def test_no_private_file_and_no_original_in_the_bundle(deposit_run):
    """Every original the key says counts if found again (the rule the residual scan and the
    packager share: not ages, ordinary words only capitalised; items still pending review are
    included, since the demo is packaged before review), looked for here with a plain regular
    expression in every bundled file, .sav values and labels too."""
    key = deposit_run["work"] / "private" / "key.jsonl"
    records = [json.loads(line) for line in key.read_text(encoding="utf-8").splitlines()]
    assert any(r.get("pending_review") for r in records), "the demo should exercise pending items"
    searched = searched_originals(records, include_pending=True)
    any_case = any_case_originals(searched)
    replacements = {r["replacement"] for r in records}
    assert len(searched) > 100
    kept = KeptPhrases(kept_phrases(TextSettings.from_manifest(load_manifest(deposit_run["collection"]))))
    for bundle in deposit_run["dist"].glob("*.zip"):
        texts = bundle_texts(bundle)
        assert not [n for n in texts if "private" in n.lower() or n.endswith("key.jsonl")]
        for name, text in texts.items():
            text = BRACKETED.sub(lambda m: " " * len(m.group(0)) if m.group(0) in replacements else m.group(0), text)
            for original in {o for o, _kind, _mode in searched}:
                pattern = r"(?<!\w)" + re.escape(original) + r"(?!\w)"
                flags = re.IGNORECASE if original in any_case else 0
                for hit in re.finditer(pattern, text, flags=flags):
                    assert kept.covers(text, hit.start(), hit.end()), \
                        f"an original identifier ({len(original)} chars) survives in {name} at {hit.start()}"


def test_package_refuses_pending_review(deposit_run):
    out = deposit_run["base"] / "refused"
    code = main(["package", str(deposit_run["work"]), "--out", str(out)])
    assert code != 0
    assert not list(out.glob("*.zip"))


def test_verify_result_is_recorded(deposit_run):
    result = json.loads((deposit_run["work"] / "results" / "verify.json").read_text(encoding="utf-8"))
    assert result["status"] == "ok"


def test_second_run_gives_the_same_bundle(deposit_run):
    first = {b.name: hashlib.sha256(b.read_bytes()).hexdigest() for b in deposit_run["dist"].glob("*.zip")}
    base = deposit_run["base"]
    work2, dist2 = base / "work2", base / "dist2"
    assert main(["run", str(deposit_run["collection"]), "--work", str(work2), "--out", str(dist2),
                 "--allow-pending-review"]) == 0
    second = {b.name: hashlib.sha256(b.read_bytes()).hexdigest() for b in dist2.glob("*.zip")}
    assert first == second


def test_run_verifies_only_the_bundles_it_wrote(deposit_run, capsys):
    stray = deposit_run["base"] / "dist3" / "someone_elses.zip"
    stray.parent.mkdir()
    stray.write_bytes(b"not a zip")
    code = main(["run", str(deposit_run["collection"]), "--work", str(deposit_run["base"] / "work3"),
                 "--out", str(stray.parent), "--allow-pending-review"])
    assert code == 0
    assert "someone_elses.zip" not in capsys.readouterr().out
