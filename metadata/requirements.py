"""Which manifest field feeds each rule of the CESSDA profile, and an early check that they are filled.

The DDI builder writes what the manifest gives it. When the manifest lacks a
field the profile makes mandatory, the DDI cannot pass, so `describe` stops
before building with a message naming the field to fill in deposit.yaml
("study.doi"), not the XPath the profile uses. Most such fields are already
`required` in manifests/schemas/deposit.schema.json; this table covers the rest
and states, for every non-optional profile rule, where its value comes from.

`SOURCES[xpath]` is either BUILDER (the builder always writes it whenever its
parent element exists: an xml:lang, a fixed vocabulary name, an @event) or a
`Need(field, when)`: the manifest field, and optionally the field whose presence
makes the requirement apply (a publication's date only matters if there are
publications). `tests/metadata/test_requirements.py` checks that every
mandatory, mandatory-if-parent and recommended rule of the bundled profile is
listed here, so a new profile version cannot slip past unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass

from manifests.errors import Problem
from metadata.profile import MANDATORY, MANDATORY_IF_PARENT, RECOMMENDED, Profile, load_profile

BUILDER = "builder"


@dataclass(frozen=True)
class Need:
    field: str
    when: str | None = None


_CB = "/ddi:codeBook"
_SC = f"{_CB}/ddi:stdyDscr/ddi:citation"
_SI = f"{_CB}/ddi:stdyDscr/ddi:stdyInfo"
_SD = f"{_SI}/ddi:sumDscr"
_DC = f"{_CB}/ddi:stdyDscr/ddi:method/ddi:dataColl"
_REL = f"{_CB}/ddi:stdyDscr/ddi:othrStdyMat/ddi:relPubl"

SOURCES: dict[str, object] = {
    f"{_CB}/@xsi:schemaLocation": BUILDER,
    f"{_CB}/ddi:docDscr/ddi:citation/ddi:titlStmt/ddi:titl/@xml:lang": BUILDER,
    f"{_SC}/ddi:titlStmt/ddi:titl": Need("study.title"),
    f"{_SC}/ddi:titlStmt/ddi:titl/@xml:lang": Need("study.language"),
    f"{_SC}/ddi:titlStmt/ddi:parTitl/@xml:lang": BUILDER,
    f"{_SC}/ddi:titlStmt/ddi:IDNo": Need("study.id"),
    f"{_SC}/ddi:titlStmt/ddi:IDNo/@xml:lang": BUILDER,
    f"{_SC}/ddi:titlStmt/ddi:IDNo/@agency": BUILDER,  # study.id_agency, default "UK Data Service"
    f"{_SC}/ddi:holdings/@xml:lang": BUILDER,
    f"{_SC}/ddi:holdings/@URI": Need("study.doi"),
    f"{_SC}/ddi:rspStmt/ddi:AuthEnty": Need("study.creators[].name"),
    f"{_SC}/ddi:rspStmt/ddi:AuthEnty/@xml:lang": BUILDER,
    f"{_SC}/ddi:rspStmt/ddi:AuthEnty/ddi:ExtLink/@URI": BUILDER,    # written only from creators[].orcid / uri
    f"{_SC}/ddi:rspStmt/ddi:AuthEnty/ddi:ExtLink/@role": BUILDER,
    f"{_SC}/ddi:rspStmt/ddi:AuthEnty/ddi:ExtLink/@title": BUILDER,
    f"{_SC}/ddi:prodStmt/ddi:grantNo/@xml:lang": BUILDER,
    f"{_SC}/ddi:prodStmt/ddi:grantNo/@agency": BUILDER,            # the funder's name
    f"{_SC}/ddi:distStmt/ddi:distrbtr": Need("study.distributor.name"),
    f"{_SC}/ddi:distStmt/ddi:distrbtr/@xml:lang": Need("study.language"),
    f"{_SC}/ddi:distStmt/ddi:distDate/@date": BUILDER,
    f"{_SC}/ddi:serStmt/ddi:serName/@xml:lang": BUILDER,
    f"{_SC}/ddi:serStmt/ddi:serInfo/@xml:lang": BUILDER,
    f"{_SI}/ddi:subject/ddi:keyword": Need("study.keywords[].term"),
    f"{_SI}/ddi:subject/ddi:keyword/@xml:lang": BUILDER,
    f"{_SI}/ddi:subject/ddi:keyword/@vocab": Need("study.keywords[].vocabulary", when="study.keywords[].term"),
    f"{_SI}/ddi:subject/ddi:topcClas": Need("study.topics[].term"),
    f"{_SI}/ddi:subject/ddi:topcClas/@xml:lang": BUILDER,
    f"{_SI}/ddi:subject/ddi:topcClas/@vocab": BUILDER,               # default CESSDA Topic Classification
    f"{_SI}/ddi:subject/ddi:topcClas/@vocabURI": BUILDER,
    f"{_SI}/ddi:abstract": Need("study.abstract"),
    f"{_SI}/ddi:abstract/@xml:lang": Need("study.language"),
    f"{_SD}/ddi:collDate": Need("study.collection_period.start"),
    f"{_SD}/ddi:collDate/@event": BUILDER,
    f"{_SD}/ddi:collDate/@date": BUILDER,
    f"{_SD}/ddi:nation": Need("study.nation.name"),
    f"{_SD}/ddi:nation/@xml:lang": BUILDER,
    f"{_SD}/ddi:nation/@abbr": Need("study.nation.abbr", when="study.nation.name"),
    f"{_SD}/ddi:anlyUnit": Need("study.unit_of_analysis[].term"),
    f"{_SD}/ddi:anlyUnit/@xml:lang": BUILDER,
    f"{_SD}/ddi:anlyUnit/ddi:concept": BUILDER,
    f"{_SD}/ddi:anlyUnit/ddi:concept/@vocab": BUILDER,
    f"{_SD}/ddi:universe": Need("study.universe"),
    f"{_SD}/ddi:universe/@xml:lang": BUILDER,
    f"{_SD}/ddi:dataKind/@xml:lang": BUILDER,
    f"{_DC}/ddi:timeMeth": Need("study.time_method.term"),
    f"{_DC}/ddi:timeMeth/@xml:lang": BUILDER,
    f"{_DC}/ddi:timeMeth/ddi:concept": BUILDER,
    f"{_DC}/ddi:timeMeth/ddi:concept/@vocab": BUILDER,
    f"{_DC}/ddi:sampProc/@xml:lang": BUILDER,
    f"{_DC}/ddi:sampProc/ddi:concept": BUILDER,
    f"{_DC}/ddi:sampProc/ddi:concept/@vocab": BUILDER,
    f"{_DC}/ddi:collMode": Need("study.collection_mode[].term"),
    f"{_DC}/ddi:collMode/@xml:lang": BUILDER,
    f"{_DC}/ddi:collMode/ddi:concept": BUILDER,
    f"{_DC}/ddi:collMode/ddi:concept/@vocab": BUILDER,
    f"{_CB}/ddi:stdyDscr/ddi:dataAccs/ddi:useStmt/ddi:restrctn": Need("study.access.restrictions"),
    f"{_CB}/ddi:stdyDscr/ddi:dataAccs/ddi:useStmt/ddi:restrctn/@xml:lang": BUILDER,
    f"{_CB}/ddi:fileDscr/ddi:fileTxt/ddi:fileName": BUILDER,           # one per bundled file
    f"{_CB}/ddi:fileDscr/ddi:fileTxt/ddi:fileName/@xml:lang": BUILDER,
    f"{_REL}/ddi:ExtLink/@URI": BUILDER,
    f"{_REL}/ddi:citation/ddi:titlStmt/ddi:IDNo/@agency": BUILDER,
    f"{_REL}/ddi:citation/ddi:distStmt/ddi:distDate/@date": Need("study.related_publications[].date",
                                                                 when="study.related_publications[].title"),
}


def values(manifest: dict, field: str) -> list:
    """All values at a dotted path; `name[]` steps into every item of a list."""
    current = [manifest]
    for step in field.split("."):
        many = step.endswith("[]")
        key = step[:-2] if many else step
        found = []
        for item in current:
            if isinstance(item, dict) and item.get(key) not in (None, "", [], {}):
                value = item[key]
                if many and isinstance(value, list):
                    found.extend(value)
                elif not many:
                    found.append(value)
        current = found
    return [v for v in current if not (isinstance(v, str) and not v.strip())]


def check_manifest(manifest: dict, profile: Profile | None = None) -> list[Problem]:
    """Errors for missing fields the profile makes mandatory (BASIC), warnings for recommended ones."""
    profile = profile or load_profile()
    problems: list[Problem] = []
    seen: set[str] = set()
    for rule in profile.rules:
        source = SOURCES.get(rule.xpath)
        if not isinstance(source, Need) or rule.kind not in (MANDATORY, MANDATORY_IF_PARENT, RECOMMENDED):
            continue
        if source.when and not values(manifest, source.when):
            continue
        if values(manifest, source.field) or source.field in seen:
            continue
        seen.add(source.field)
        mandatory = rule.kind in (MANDATORY, MANDATORY_IF_PARENT)
        element = rule.xpath.replace("/ddi:codeBook/", "").replace("ddi:", "")
        problems.append(Problem.of("manifest.cdc_mandatory" if mandatory else "manifest.cdc_recommended",
                                   variant=None if rule.label else "unlabelled", location=source.field,
                                   field=source.field, element=element, label=rule.label))
    return problems
