"""`ukds-deposit problems [CODE] [--json | --markdown]`: what each problem code means and what to do.

Every finding the toolkit reports carries a code (`bagit.checksum`, `check.duplicate_ids`);
this command reads them out of the problem catalogue (manifests/problems.yaml), so the
explanation a data manager looks up is the one the message was worded from. Without CODE
it lists every code with its title and hint; with CODE it explains that code (a member of a
family such as `check.<name>` explains the family and the member), or lists every code that
starts with it (`bagit`). `--markdown` writes the same listing as the page docs/problems.md.
"""

from __future__ import annotations

import difflib
import sys

from manifests.errors import EXIT_OK, UserError
from manifests.fileio import dumps_json
from manifests.problems import Entry, catalogue, readable, record, search

DOC_COMMAND = "ukds-deposit problems --markdown > docs/problems.md"


def add_arguments(parser) -> None:
    parser.add_argument("code", nargs="?", help="a code to explain (e.g. bagit.checksum), or the start of codes to list (e.g. zip)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print the catalogue's records as JSON")
    form.add_argument("--markdown", action="store_true", help="print the listing as a Markdown page (docs/problems.md)")


def outputs(args) -> list:
    """Reads the catalogue only; writes nothing."""
    return []


def run(args) -> int:
    entries = _entries(args.code) if args.code else [e for _, e in sorted(catalogue().entries.items())]
    if args.json:
        records = [record(e) for e in entries]
        sys.stdout.write(dumps_json(records[0] if args.code and len(records) == 1 else records))
    elif args.markdown:
        sys.stdout.write(markdown(entries))
    elif args.code and len(entries) == 1:
        sys.stdout.write(explain(entries[0], args.code))
    else:
        sys.stdout.write(listing(entries))
    return EXIT_OK


def _entries(code: str) -> list[Entry]:
    found = search(code)
    if not found:
        codes = sorted({c for e in catalogue().entries.values() for c in [e.code, *e.codes()]})
        close = difflib.get_close_matches(code, codes, n=1)
        raise UserError(f"no problem code {code!r}", hint=(f"did you mean {close[0]}? " if close else "")
                        + "'ukds-deposit problems' lists every code")
    return found


def listing(entries: list[Entry]) -> str:
    """One block per code: the code and its title, then what to do; a family's members below it."""
    width = max(len(c) for e in entries for c in [e.code, *(f"  {m}" for m in e.codes())]) + 2
    lines = []
    for entry in entries:
        lines.append(f"{entry.code:<{width}}{entry.title}")
        if entry.main.hint:
            lines.append(f"{'':<{width}}hint: {readable(entry.main.hint)}")
        for code, about in zip(entry.codes(), (entry.members or {}).values()):
            if entry.members:
                lines.append(f"{'  ' + code:<{width}}{about}".rstrip())
    return "\n".join(lines) + "\n"


def explain(entry: Entry, asked: str) -> str:
    """Everything the catalogue says about one code, in words."""
    lines = [f"{asked}: {entry.title}"]
    member = entry.member(asked)
    if member is not None:
        about = (entry.members or {}).get(member, "")
        where = f" (declared in {entry.members_from})" if entry.members_from else ""
        lines.append(f"  one of the family {entry.code}{where}" + (f": {about}" if about else ""))
    elif entry.members:
        where = f", declared in {entry.members_from}" if entry.members_from else ""
        lines.append(f"  a family of {len(entry.members)} codes{where}:")
        lines += [f"    {code}" + (f": {about}" if about else "") for code, about in zip(entry.codes(), entry.members.values())]
    elif entry.family:
        lines.append(f"  a family: <{entry.family}> stands for any name")
    lines.append(f"  severity: {entry.main.severity}, unless the finding says otherwise")
    lines.append(f"  message:  {readable(entry.main.message)}")
    if entry.main.hint:
        lines.append(f"  hint:     {readable(entry.main.hint)}")
    for name, template in entry.variants.items():
        lines.append(f"  also as:  {readable(template.message)}")
        if template.hint != entry.main.hint and template.hint:
            lines.append(f"            hint: {readable(template.hint)}")
    if entry.fields:
        lines.append("  fields:   " + ", ".join(f"{name} ({kind})" for name, kind in entry.fields.items()))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Prose for Markdown: angle brackets are field names here, not HTML tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown(entries: list[Entry]) -> str:
    """The listing as a page, one section per code so that each has an anchor to link to."""
    out = ["# Problem codes", "",
           "Every finding `ukds-deposit` reports carries a code, such as `bagit.checksum` or "
           "`check.duplicate_ids`. This page lists them all, with what each means and what to do; "
           "`ukds-deposit problems CODE` says the same on the command line. Words in angle brackets "
           "stand for the facts of one finding (a file name, a count).", "",
           f"This page is generated from `manifests/problems.yaml`: `{DOC_COMMAND}`.", ""]
    for entry in entries:
        out += [f"## `{entry.code}`", "", f"**{_md(entry.title)}** ({entry.main.severity})", "",
                f"Message: `{readable(entry.main.message)}`", ""]
        # the other shapes of the message, each once (a variant may change only the hint)
        others = {readable(t.message): t.severity for t in entry.variants.values()}
        others.pop(readable(entry.main.message), None)
        out += [f"- also: `{message}`" + (f" ({severity})" if severity != entry.main.severity else "")
                for message, severity in others.items()]
        if others:
            out.append("")
        hints = [h for h in dict.fromkeys(readable(t.hint) for t in entry.templates().values()) if h]
        if len(hints) == 1:
            out += [f"What to do: {_md(hints[0])}", ""]
        elif hints:
            out += ["What to do:", ""] + [f"- {_md(h)}" for h in hints] + [""]
        if entry.members:
            where = f" (declared in `{entry.members_from}`)" if entry.members_from else ""
            out += [f"Members{where}:", ""]
            out += [f"- `{code}`" + (f": {_md(about)}" if about else "")
                    for code, about in zip(entry.codes(), entry.members.values())] + [""]
    return "\n".join(out)
