"""The anonymisation report for ethics reviewers: what was removed and what risk remains.

build (pure: result + manifest -> report dict) -> html/svg (report dict -> one
self-contained page) -> leak (no original may appear) -> writer (files in WORK).
"""

from anonymise.report.build import build_report
from anonymise.report.html import render_html
from anonymise.report.leak import OriginalLeak, assert_no_originals, find_originals
from anonymise.report.private import build_private_report, key_consistency, key_counts
from anonymise.report.writer import write_reports

__all__ = ["build_report", "build_private_report", "render_html", "assert_no_originals", "find_originals",
           "OriginalLeak", "key_consistency", "key_counts", "write_reports"]
