"""The synthetic demonstration collection: `ukds-deposit demo DIR`.

Mirrors the composition of the study in DESIGN.md (interviews, focus groups, a
case-file survey and three questionnaires), with planted UK identifiers and a
gold annotation of each for evaluation.
"""
