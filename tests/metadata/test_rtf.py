"""The RTF writer: escaping, structure, and that a real RTF reader gets our text back."""

from striprtf.striprtf import rtf_to_text

from metadata.rtf import RtfDocument, escape


def test_escape_specials_and_unicode():
    assert escape("a\\b{c}") == "a\\\\b\\{c\\}"
    assert escape("caf\u00e9") == "caf\\u233?"
    # Above U+7FFF the code unit is written signed, as RTF requires.
    assert escape("\u20ac\uffe1") == "\\u8364?\\u-31?"
    # Outside the BMP: a UTF-16 surrogate pair.
    assert escape("\U0001F600") == "\\u-10179?\\u-8704?"
    assert escape("one\ntwo\tthree") == "one\\line two\\tab three"
    assert escape(None) == ""


def test_render_is_ascii_and_balanced():
    doc = RtfDocument(title="Dictionary \u2013 test")
    doc.heading("Title", 1).paragraph("Zo\u00eb's {notes}").fields([("Cases", 3)])
    doc.table([["Name", "Label"], ["sex", "Sex"], ["age", "Age \u2264 18"]], header=True, widths=[1, 3])
    text = doc.render()
    text.encode("ascii")  # raises if anything slipped through unescaped
    assert text.startswith("{\\rtf1") and text.endswith("}\n")
    depth = 0
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        assert depth >= 0
        i += 1
    assert depth == 0
    assert text.count("\\row") == 3 and text.count("\\trhdr") == 1


def test_reader_gets_text_back():
    doc = RtfDocument().heading("H\u00e9ading", 2).paragraph("First line\nsecond")
    doc.table([["a", "b"], ["1", "Zo\u00eb"]])
    plain = rtf_to_text(doc.render())
    assert "H\u00e9ading" in plain
    assert "First line" in plain and "second" in plain
    assert "Zo\u00eb" in plain


def test_same_blocks_same_bytes():
    def build():
        return RtfDocument(title="t").paragraph("x").table([["a"], ["b"]]).render()
    assert build() == build()
