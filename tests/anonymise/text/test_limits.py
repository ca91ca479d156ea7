"""A transcript that holds more than any transcript needs is refused while it is read, quickly
and with one error naming the limit (anonymise/text/documents/limits.py)."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from anonymise.text.documents import limits, read_document
from manifests.errors import UserError

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, what", [
    ("many.docx", lambda: docx("<w:p/>" * (limits.MAX_PARAGRAPHS + 10)), "paragraphs"),
    ("many.rtf", lambda: b"{\\rtf1\\ansi x" + b"\\par " * (limits.MAX_PARAGRAPHS + 10) + b"}", "paragraphs"),
    ("many.txt", lambda: b"x\n" * (limits.MAX_PARAGRAPHS + 10), "paragraphs"),
    ("long.txt", lambda: b"word " * (limits.MAX_TEXT_CHARS // 5 + 10), "characters"),
    ("long.docx", lambda: docx("<w:p><w:r><w:t>" + "word " * 2_500_000 + "</w:t></w:r></w:p>"), "characters"),
])
def test_a_transcript_past_a_limit_is_refused_quickly(tmp_path, name, content, what):
    path = tmp_path / name
    path.write_bytes(content())
    started = time.monotonic()
    with pytest.raises(UserError) as err:
        read_document(path)
    assert time.monotonic() - started < 10
    assert err.value.code == "transcript.too_large" and what in err.value.message
    assert err.value.location == str(path)


def test_a_long_real_transcript_is_well_inside_the_limits(tmp_path):
    turns = "".join(f"<w:p><w:r><w:t>Interviewer: question {i}?</w:t></w:r></w:p>" for i in range(5000))
    path = tmp_path / "long.docx"
    path.write_bytes(docx(turns))
    assert "question 4999" in read_document(path).texts()[0][1]
