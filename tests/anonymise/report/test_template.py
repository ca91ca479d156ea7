"""The report's own fixed prose, read from the code that writes the report."""

import re

from anonymise.report.template import template_phrases


def test_template_phrases_are_what_the_renderer_spells_out_and_never_a_single_word():
    phrases = template_phrases()
    assert "Sample passages" in phrases and "Decisions a person made" in phrases
    assert all(len(p.split()) > 1 for p in phrases)
    # format fields and tags split a literal: what is filled in there is never template prose
    assert not any(re.search(r"\{[^{}]*\}|<[a-z]+>", p) for p in phrases)
