"""The independent gold corpus as a gate of `make test` (issue 10 and 11).

Two kinds of assertion, both on the pipeline as a depositor runs it:

- No regression. The sealed split's figures in anonymise/text/measured_recall.json are the
  ones every anonymisation report publishes. A change that makes detection worse on the
  sealed split fails here, so the published figure cannot silently become an overstatement.
  Only whole-figure comparisons are made: the sealed split's misses are never printed.
- The issue's targets, per group of studies and per split. A target we do not meet yet is
  listed in SHORTFALL and marked as a strict expected failure: it shows in every test run
  as a known shortfall, and the day it is met the strict marker fails, so the list is kept
  honest in both directions.
"""

from __future__ import annotations

import json

import pytest

from anonymise.text.evaluation import MEASURED, STYLE_TARGETS, TARGETS, evaluate, group_counts, load_gold, pipeline_spans

pytestmark = pytest.mark.gold

# Tolerance for "no regression": about one identifier in a thousand, so that re-measuring
# after an unrelated change never flips the gate on rounding, while a real loss does.
TOLERANCE = 0.002

# Targets the detector does not meet yet, as (split, group, target). Measured on 2026-12-06 on
# the corpus as it stands: nineteen studies, with the five added that evening by authors who had
# read only the guidelines. Those five brought targets that the older corpus met back below them
# (names in the sealed English care and interview groups, the tune uncased group, the tune
# speech-recognition and typescript styles, the sealed written sources): new text nobody tuned on
# is the point of adding it. "each" fails on the weakest types (organisations, ages, identifiers).
# Met again since and removed: tune interview "each", tune uncased names, sealed written sources
# (the gate only says met or not; the sealed misses stay unread). Four more studies added later
# that evening (speech recognition in the West Midlands, case records, Scots and Irish speech,
# coastal typescripts) brought the tune uncased group and the sealed typescripts below again; the
# tune uncased group and the tune speech recognition met their targets again after work on their
# tune half. Six more studies added on 2026-12-07 (South West care planning, Yorkshire family
# hubs' speech recognition, mill-town typescripts, rural Wales and Scotland, resettlement
# interviews, outreach writing) brought the tune interview types ("each": addresses and vehicles),
# the tune uncased group, tune speech recognition and the sealed written sources below again;
# the tune English care types rose above theirs. Tune speech recognition met its target again
# with the next change (ages after "youre", "shes 71 shes"), the tune uncased group a few changes
# later (postcodes, NI numbers and plates read out in pieces), and tune typescripts after the work
# on wrapped references, firms' last words and broken surnames; the sealed written sources met
# theirs again with local bodies' initials (the gate says only met or not). Six more studies
# added in the session of 2026-12-07 (South East child protection, Homes for Ukraine, Black
# Country speech recognition, pit typescripts, Manchester housing casework, Bristol and Cardiff
# youth) brought the tune English care types, the tune interview group and the tune uncased
# group's names below their targets; the last two met theirs again after that session's work on
# the tune half (labels, initials, numbers read out, ages, dates). Six more added later that
# session (North West adoption, Traveller education, South London youth-justice speech
# recognition, seaside typescripts, fostering-panel writing, urban Scots youth) brought the tune
# English care names and the tune interview group back below, and the tune interview group's
# and the sealed uncased group's over-redaction above their ceilings. The tune English care names
# met their target again after the work on labels, called names and landmarks; the tune interview
# group's and the sealed uncased group's over-redaction fell below their ceilings with the keep
# list and account labels (the gate says only met or not). Six more studies added in the session
# that followed (residential care, Cumbrian and Borders farming, Tyneside speech recognition,
# new-town typescripts, Bradford and Leeds speech, youth-work writing) brought the tune uncased
# group's names below their target and the tune interview group's over-redaction above its
# ceiling again (the farming study's dialect and farm names). In the session after, six more
# (Welsh early-help speech recognition, steel and shipyard typescripts, Norfolk early-help
# writing, Scouse speech, London private fostering, parents with learning disabilities) joined;
# after that session's work on the tune half (hard wraps, OCR slips, initials before surnames,
# firms by their trade, and the propagation fixes that stopped "do", "Mr" and "children" being
# spread as names) the tune interview group met its overall, per-type and over-redaction targets
# and both splits' typescripts met theirs; the sealed uncased group's over-redaction, which the
# six had taken just above its ceiling, is below it again (the gate says only met or not). In the
# session after that, six more (Humber speech recognition, Northern Ireland welfare typescripts,
# Kent school safeguarding writing, Cornish and Devon speech, North East kinship care, service
# families) took the sealed uncased group's over-redaction above its ceiling again (2.01% with the
# code that session started from, 2.03% after its work); that session's work on the tune half
# (findings for review that hold a sure one, quoted and bracket-defined names, firms, pubs in
# capitals, ages, long numbers, lower-case organisations) met the tune English care group's
# overall and per-type targets and the sealed English care group's per-type target, and its
# propagation fixes (a title never spread as a name, "till" never a name) took the sealed
# uncased group's over-redaction back below its ceiling (1.84%). Round 10 (West Midlands speech
# recognition, Scottish children's hearings typescripts, Manchester virtual-school writing,
# Pennine Lancashire speech, South Coast care planning, young carers on the Welsh border),
# scored on arrival, took the sealed English care group's per-type target (one postcode of four
# in its new sealed documents) and the tune typescripts (0.849) back below theirs; the tune
# typescripts met theirs again after that session's work on registers and typescripts (initials
# labelling turns, surname-first rows, padded dates, abbreviated councils). Round 11 (Northern
# Ireland speech recognition, South Wales community-home typescripts, West Yorkshire youth
# justice writing, North East speech, Cornwall and Devon family hubs, separated children in
# London), scored on arrival with no code changed, took the sealed speech recognition style
# (0.8545) and the tune uncased group's names (0.9304) above their targets: the new speech
# recognition and North East files score above those styles' averages. That session's work on
# the tune half (typed records' initials, dates and exchanges; ages said first or set off after a
# name; answers read past more label styles; groups introduced by what they are called; spoken
# references; header fields) took the tune uncased group's overall recall to its target (0.9000).
# Round 12 (East Anglian adoption-support speech recognition, Merseyside probation typescripts,
# East Midlands care leavers' writing, Greater Manchester fathers, West Midlands placement
# commissioning, Yorkshire short breaks), scored on arrival (tune 0.874, sealed 0.880), took the
# sealed uncased group's over-redaction above its ceiling (2.03% with the code that session
# started from, 2.03% after its work) and the tune English care group's organisations below 0.90
# (the commissioning study names many bodies of ordinary words); the latter met its target again
# with that session's work on care providers and short forms of organisations' names. Round 13
# (Kent arrivals in speech recognition, Birmingham cottage-homes typescripts, Surrey and Sussex
# residential homes' writing, North Wales bilingual speech, Thames Valley reunification,
# Highlands and Islands kinship care), scored on arrival (tune 0.909, sealed 0.860), changed no
# target's state; that session's work on the tune half (ages in Welsh, babies' ages in months,
# counted lists of ages, typescripts' spaced initials, lower-case names told who they are,
# phones said across turns, police logs) met the sealed English care group's names target
# (0.98).
SHORTFALL: set[tuple[str, str, str]] = {
    ("tune", "uncased", "each"),
    ("sealed", "english-care", "overall"), ("sealed", "english-care", "each"),
    ("sealed", "interview", "overall"), ("sealed", "interview", "each"),
    ("sealed", "uncased", "overall"), ("sealed", "uncased", "names"), ("sealed", "uncased", "each"),
    ("sealed", "uncased", "over_redaction"),
}
# Styles of the uncased group below their own target (issue 16), as (split, style).
STYLE_SHORTFALL: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def evaluations():
    out = {}
    for split in ("tune", "sealed"):
        docs = load_gold(split)
        out[split] = evaluate(docs, pipeline_spans(docs))
    return out


@pytest.fixture(scope="module")
def measured():
    return json.loads(MEASURED.read_text(encoding="utf-8"))


def test_the_published_figure_is_a_measurement(measured):
    assert not measured.get("placeholder"), "measured_recall.json is a placeholder: run make eval-sealed"
    assert measured["split"] == "sealed" and measured["identifiers"] > 1000


def test_sealed_recall_has_not_fallen_below_the_published_figure(evaluations, measured):
    now = evaluations["sealed"].summary(with_intervals=False)
    assert now["overall"]["recall"] >= measured["overall"]["recall"] - TOLERANCE
    assert now["over_redaction"] <= measured["over_redaction"] + TOLERANCE
    counts = group_counts(evaluations["sealed"])
    for group, published in measured["by_type"].items():
        caught, count, _categories = counts[group]
        assert caught / count >= published["recall"] - TOLERANCE, \
            f"{group}: {caught / count:.4f} < published {published['recall']}"


def _cases():
    for split in ("tune", "sealed"):
        for group in ("english-care", "interview", "uncased"):
            for target in ("overall", "names", "each", "over_redaction"):
                marks = [pytest.mark.xfail(strict=True, reason="a known shortfall (SHORTFALL)")] \
                    if (split, group, target) in SHORTFALL else []
                yield pytest.param(split, group, target, marks=marks, id=f"{split}-{group}-{target}")


@pytest.mark.parametrize("split, group, target", list(_cases()))
def test_issue_target(evaluations, split, group, target):
    summary = evaluations[split].subset(lambda d: d.group == group).summary(with_intervals=False)
    goal = TARGETS[group][target]
    if target == "overall":
        assert summary["overall"]["recall"] >= goal
    elif target == "names":
        assert summary["names"] >= goal
    elif target == "over_redaction":
        assert summary["over_redaction"] <= goal
    else:   # every type with at least five identifiers
        short = {c: i["recall"] for c, i in summary["by_type"].items() if i["total"] >= 5 and i["recall"] < goal}
        assert not short, f"types below {goal}: {sorted(short)}"


def _style_cases():
    for split in ("tune", "sealed"):
        for style in sorted(STYLE_TARGETS):
            marks = [pytest.mark.xfail(strict=True, reason="a known shortfall (STYLE_SHORTFALL)")] \
                if (split, style) in STYLE_SHORTFALL else []
            yield pytest.param(split, style, marks=marks, id=f"{split}-{style}")


@pytest.mark.parametrize("split, style", list(_style_cases()))
def test_style_target(evaluations, split, style):
    """Every kind of uncased text holds on its own: speech recognition, typescripts, regional
    speech and written sources (issue 16)."""
    summary = evaluations[split].subset(lambda d: d.style == style).summary(with_intervals=False)
    assert summary["identifiers"] > 0, f"no {style} documents in the {split} split"
    assert summary["overall"]["recall"] >= STYLE_TARGETS[style]
