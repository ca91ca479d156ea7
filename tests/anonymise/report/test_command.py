"""`ukds-deposit report WORK` re-renders the reports from what the anonymise stage left."""

from __future__ import annotations

import hashlib

from deposit.cli import main
from manifests.errors import ProblemReport
from manifests.fileio import make_private_dir, write_jsonl, write_text
from manifests.loader import dump_yaml
from manifests.results import stage_result, write_result
from manifests.workdir import Work


def make_work(root, manifest, result, key_records) -> Work:
    work = Work.at(root)
    d = result["details"]
    write_result(work, stage_result("anonymise", ProblemReport(), result["outputs"], result["summary"], d))
    make_private_dir(work.private)
    write_text(work.manifest_copy, dump_yaml(manifest), private=True)
    write_jsonl(work.key, key_records, private=True)
    return work


def digests(work: Work) -> dict[str, str]:
    paths = [work.reports / "anonymisation_report.json", work.reports / "anonymisation_report.html",
             work.private / "anonymisation_report_private.html"]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_report_command_writes_and_rerenders_identically(tmp_path, manifest, result, key_records, capsys):
    work = make_work(tmp_path / "work", manifest, result, key_records)
    assert main(["report", str(work.root)]) == 0
    first = digests(work)
    assert "anonymisation_report.html" in capsys.readouterr().out
    assert main(["report", str(work.root)]) == 0
    assert digests(work) == first


def test_missing_key_is_a_clear_usage_error(tmp_path, manifest, result, key_records, capsys):
    work = make_work(tmp_path / "work", manifest, result, key_records)
    work.key.unlink()
    assert main(["report", str(work.root)]) == 2
    err = capsys.readouterr().err
    assert "private key" in err and "Traceback" not in err
    assert not (work.reports / "anonymisation_report.html").exists()


def test_missing_work_or_stage_result_is_a_usage_error(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nowhere")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert "anonymise" in err and "Traceback" not in err
