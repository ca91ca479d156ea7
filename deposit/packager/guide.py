"""The bundle's user guide as PDF: metadata.user_guide's HTML, printed by headless Chromium.

One guide per payload folder, listing that folder's files, made when the folder is finished
(plan.finish_folder), so the list is exactly what the folder holds. Chromium is Debian's
`chromium` (`make browser`), or the program UKDS_DEPOSIT_BROWSER names ("none" switches the
guide off). It runs with networking off, in a scratch folder inside WORK, with HOME and the
temporary folder pointed there too, so it writes nothing anywhere else.

A guide that cannot be printed (no browser, a crash, a time-out) never fails the deposit: the
folder goes without it, its readme says so, and the package stage reports it as a warning.

Chromium stamps the PDF with the time it was printed; the stamp is rewritten to the study's
deposit date (same length, so the PDF's offsets hold) and the same inputs give the same bytes.
A printed guide is kept per page content for the rest of the run: a split bundle's size
estimate and its final parts then print each page once.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from manifests import layout
from manifests.errors import Problem
from manifests.fileio import read_json
from manifests.workdir import Work

BROWSER_ENV = "UKDS_DEPOSIT_BROWSER"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 120  # seconds; a guide prints in one or two
# Networking off, and a resolver and proxy that lead nowhere: the page has nothing to fetch.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
         "--disable-crash-reporter", "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
         "--no-pdf-header-footer"]
STAMP = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})")

_printed: dict[str, bytes] = {}


class NotRendered(Exception):
    """Why a guide could not be printed, in words for the run output and the readme."""


def find_browser() -> str | None:
    chosen = os.environ.get(BROWSER_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "none") else shutil.which(chosen) or None
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def stamp_digits(iso_date: str) -> bytes:
    """The PDF date digits (YYYYMMDDHHMMSS) for an ISO date of any precision: midnight that day."""
    parts = (iso_date.split("-") + ["01", "01"])[:3]
    return ("".join(parts) + "000000").encode("ascii")


def print_pdf(html: str, scratch: Path, browser: str, date: str) -> bytes:
    """`html` printed to PDF by `browser`, working only inside `scratch`."""
    key = hashlib.sha256(f"{browser}\0{date}\0{html}".encode("utf-8")).hexdigest()
    if key in _printed:
        return _printed[key]
    # Absolute: the browser runs in this folder, and a work folder given as a relative path
    # (`package work --out dist`) would otherwise name the page, the PDF and HOME from the wrong place.
    work = Path(tempfile.mkdtemp(prefix="print-", dir=scratch)).resolve()
    page, pdf = work / "guide.html", work / "guide.pdf"
    page.write_text(html, encoding="utf-8")
    (work / "tmp").mkdir()
    # The temporary folder and profile are named relative to the scratch folder (the browser runs
    # there): Chromium puts a socket in each, and a socket's path may not exceed 107 bytes,
    # which a work folder deep in a file system easily would.
    # GTK's settings store (dconf) would otherwise write to the user's cache folder whatever HOME says.
    env = {**os.environ, "HOME": str(work), "TMPDIR": "tmp", "XDG_CONFIG_HOME": str(work / "config"),
           "XDG_CACHE_HOME": str(work / "cache"), "XDG_DATA_HOME": str(work / "data"),
           "XDG_RUNTIME_DIR": str(work / "tmp"), "GSETTINGS_BACKEND": "memory"}
    command = [browser, *FLAGS, "--user-data-dir=profile", f"--print-to-pdf={pdf}", page.as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env,
                              stdin=subprocess.DEVNULL, cwd=work)
    except subprocess.TimeoutExpired:
        raise NotRendered(f"{Path(browser).name} did not finish printing within {TIMEOUT} s") from None
    except OSError as exc:
        raise NotRendered(f"{browser} could not be started ({exc.strerror or exc})") from None
    data = pdf.read_bytes() if pdf.is_file() else b""
    if done.returncode != 0 or not data.startswith(b"%PDF"):
        last = (done.stderr.strip().splitlines() or ["no message"])[-1][:200]
        raise NotRendered(f"{Path(browser).name} printed no PDF (exit {done.returncode}: {last})")
    data = STAMP.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp_digits(date), data)
    _printed[key] = data
    return data


def plain_text(html: str) -> str:
    """The page's words, for the packager's gates to search (they cannot read a PDF)."""
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)
    return re.sub(r"[ \t]+", " ", unescape(text))


@dataclass
class UserGuides:
    """Prints the user guide of each payload folder for one package run; `problems` says which
    could not be printed and why."""

    work: Work
    manifest: dict
    problems: list[Problem] = field(default_factory=list)
    _inputs: dict = field(default_factory=dict)
    _browser: str | None = None
    _looked: bool = False

    def inputs(self, fmt: str):
        if fmt not in self._inputs:
            from metadata.sources import collect, for_format

            if "all" not in self._inputs:
                self._inputs["all"] = collect(self.work, self.manifest)
            self._inputs[fmt] = for_format(self._inputs["all"], fmt)
        return self._inputs[fmt]

    def anonymisation(self) -> dict | None:
        path = self.work.reports / "anonymisation_report.json"
        try:
            report = read_json(path) if path.is_file() else None
        except ValueError:
            return None
        return report if isinstance(report, dict) else None

    def html(self, fmt: str, files: list[tuple[str, str]]) -> str:
        from metadata.user_guide import render_user_guide

        return render_user_guide(self.manifest, self.inputs(fmt), files, self.anonymisation())

    def render(self, fmt: str, files: list[tuple[str, str]]) -> tuple[bytes | None, str, str]:
        """(PDF or None, the page's text, why it was not printed) for one folder's (name, description) list."""
        html = self.html(fmt, files)
        if not self._looked:
            self._browser, self._looked = find_browser(), True
        try:
            if self._browser is None:
                raise NotRendered("no Chromium was found (install it with 'make browser', or name a browser in "
                                  f"{BROWSER_ENV})")
            scratch = Path(tempfile.mkdtemp(prefix=".guide-", dir=self.work.root))
            try:
                return print_pdf(html, scratch, self._browser, self.manifest["study"]["deposit_date"]), plain_text(html), ""
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        except NotRendered as exc:
            reason = str(exc)
            folder = layout.payload_folder(self.manifest["study"]["id"], fmt)
            problem = Problem.of("package.guide_not_rendered",
                                 location=f"data/{folder}/{layout.user_guide_place(self.manifest['study']['id'])}",
                                 folder=folder, reason=reason)
            if problem not in self.problems:
                self.problems.append(problem)
            return None, plain_text(html), reason
