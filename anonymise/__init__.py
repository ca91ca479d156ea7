"""Anonymisation passes: text (transcripts, free-text answers) and data (SPSS/CSV/Stata),
sharing one replacement registry per collection, plus disclosure-risk measures and the
anonymisation report."""
