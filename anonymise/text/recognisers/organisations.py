"""Other named organisations:

- police forces, churches and mosques, centres, housing providers, companies, pubs, libraries
  and halls, local teams and projects ("Norfolk Constabulary", "St Peter's Church", "Flagship
  Housing", "Acme Ltd", "Fendyke Foods", "the Bridgewater Arms", "Leigh Library", "the Sunrise
  Team", "Hull Uni"), and in normally cased text "the Wythenshawe hub";
- community groups named the way charities name themselves ("Drum Youth Point", "Kirkby
  Matters", "Tower Hill Residents Together", "Brighter Futures");
- prisons ("HMP Humber") and bodies "of" a place ("University of Lincoln");
- sports clubs ("Forfar Athletic", "Hull FC", "Grimsby Town"), also by nickname where sport
  says so ("play for the Warriors", "both Leopards mad");
- schools, churches and hospitals called by their saint or dedication alone ("St Jude's", "ST
  ANTHONY'S", "at st silas's", "All Saints", "Sacred Heart").

The words of these rules are data in lexicon/cues.yaml."""

import re

from anonymise.text import scores
from anonymise.text.casing import LOWER, line_profile
from anonymise.text.lexicon import cue, normalise
from anonymise.text.recognisers.base import Rule, capital_first
from anonymise.text.recognisers.named import CAP_WORD, GENERIC, ORG_NAME, NamedOrganisation
from anonymise.text.recognisers.turns import line_bounds

_CLUB_WORDS = cue("club_words")
_CLUB_PLACE_WORDS = cue("club_place_words")
_TEAM_VERBS = "|".join(sorted(w.replace(" ", r"[ \t]+") for w in cue("team_verbs")))
_TEAM_AFTER = "|".join(sorted(w.replace(" ", r"[ \t]+") for w in cue("team_after")))
# In lower case "follows the topics", "watch the kids" are not about clubs: only the verbs that
# tie someone to a team ("mad on", "plays for", "signed for") count there.
_TEAM_VERBS_LOWER = "|".join(sorted(w.replace(" ", r"[ \t]+") for w in cue("team_verbs")
                                   if w.split()[0] not in ("follow", "follows", "watch", "watches", "watched",
                                                           "support", "supports", "supported", "supporting")))
# Below this Zipf frequency a lower-case plural may be a nickname ("mariners", "glovers").
NICKNAME_LOWER_ZIPF = 4.0
_NICKNAME = r"[A-Z][a-z]+s"
# Plurals that name people or services, never a club: "support the carers", "play for the kids".
_PEOPLE = GENERIC | cue("person_nouns") | cue("relations") | cue("organisation_words") | cue("role_words")
# "the Wythenshawe hub", "the Leigh library": a place's name and a lower-case organisation word
_LOWER_HEAD = "|".join(sorted(w for w in cue("organisation_heads") - _CLUB_WORDS - cue("not_lower_heads")
                              if w.isalpha()))
_CLUB_NOT_BEFORE = "|".join(sorted(cue("club_not_before")))
# "All Saints", "Sacred Heart", "Our Lady's": a church or school by its dedication, as written.
_TITLED = [" ".join(w if w == "the" else w[:1].upper() + w[1:] for w in d.split()) for d in cue("dedications")]
_DEDICATIONS = "|".join(sorted(d.replace("'", "['’]") for d in _TITLED + [d.upper() for d in _TITLED]))
# What may follow a dedication in its name: "Good Shepherd Centre", "ALL SAINTS CHURCH".
_ORGANISATION_WORD = "|".join(sorted(w for w in cue("organisation_heads") if w.isalpha()))


_BUSINESS = "|".join(sorted((w.upper() if len(w) <= 3 else w.capitalize()) for w in cue("business_words")))
_BUSINESS_OPENING = capital_first(r"[\w'’-]", r"[\w'’&-]*") + rf"(?:[ \t]+(?:(?:and|&)[ \t]+)?{CAP_WORD}){{0,3}}"


def _alternatives(words) -> str:
    """A regex alternation of cue words as written in a name: capitalised ("Athletic"), and the
    abbreviations ("FC", "KR") in any case, as speech recognition writes them ("Hull Fc")."""
    short = {w for w in words if len(w) <= 4 and w not in _CLUB_PLACE_WORDS}
    return "|".join(sorted(w.capitalize() for w in words if w not in short) + [f"(?i:{w})" for w in sorted(short)])


_SAINT = r"(?:[Ss][Tt]\.?|Saint|SAINT)"
_SAINT_NAME = r"[A-Z][\w'’]*[a-zA-Z](?:['’]s|(?<=s)['’])?"
# In lower case only a possessive saint is a saint's ("at st silas's", "st james'"), or a listed
# first name with the s and no apostrophe, as speech recognition writes it ("st chads", checked
# in validate).
_SAINT_LOWER = r"st\.?[ \t]+[a-z][a-z]+(?:['’]s|(?<=s)['’]|s\b)"


class OrganisationRecogniser(NamedOrganisation):
    NAME = "organisation"
    ENTITY = "ORGANISATION"
    CONTEXT = ("work", "worked", "works", "employer", "company", "organisation")
    SCORE = scores.ORGANISATION_OTHER
    WHOLE_RULES = ("dedication",)
    SUFFIXES = (r"(?:(?:Police|Polis)\s+Station|Police|Constabulary|Prison|Institute|Dockyard|Housing(?:\s+Association|\s+Trust|\s+Group)?|Homes|"
                r"Centre|Center|Church|Mosque|Masjid|Temple|Gurdwara|Synagogue|Chapel|Club|Minster|"
                r"Arms|Inn|Tavern|Caf[eé]|Library|Hall|Foyer|Team|Project|Uni|"
                r"Foods|Recruitment|Healthcare|Motors|Logistics|Builders|Engineering|Garage|"
                # local firms and groups that serve people: "Castle Cabs", "Imp Cars", "Wear Mentors"
                r"Cabs|Taxis|Cars|Coaches|Removals|Mentors|Mentoring|Befrienders|Befriending|"
                r"Point|Matters|Together|Futures|Voices|Pathways|Partnership|Collective|"
                # bodies that met and wrote letters: "Brixham Trawler Crews Welfare Committee",
                # "Maltby Miners' Welfare" (a pit village's welfare hall)
                r"Committee|Welfare(?![ \t]+(?i:officers?|workers?|assistants?|visitors?|rights|benefits?|fund|service))|"
                # a care provider by its own name: "Brightwater Care", "Keystone Care Group" (never
                # "Foster Care" or "Respite Care": their words are all generic)
                r"Care(?:\s+Group)?(?![ \t]+(?i:plans?|orders?|proceedings|homes?|leavers?|system|act|standards|workers?|coordinators?|ombudsman|commission|inspectorate|quality|council|forum|agreement))|"
                r"Ltd\.?|Limited|plc|PLC|LLP|Nurseries|Agency|Office|Offices|Hub|Services|Network|Forum|Fostering(?:\s+Agency|\s+Services)?|"
                r"(?:and|&)\s+(?:Sons?|Daughters|Partners|Co\.?)|University)")
    EXTRA_RULES = (
        # A local firm or service by its trade: capitalised words, joined at most by "and", before
        # a trade word ("Witham Bakeries", "Helm View Vets", "Lyth and Crosthwaite YFC"); no "for"
        # inside, so "a Driver for Stanway Haulage" gives the firm alone.
        Rule("business", rf"(?P<id>{_BUSINESS_OPENING}[ \t]+(?:{_BUSINESS}))(?![\w'’-])", scores.ORGANISATION_OTHER),
        Rule("of_place", rf"\b(?P<id>(?i:University|Institute|Diocese|Bank|Archdiocese)\s+of\s+{ORG_NAME})", scores.CHARITY_LISTED),
        # "HMP Humber", "hmp humber", "HMYOI Polmont": a prison, whatever the case
        Rule("prison", r"(?<![\w'’-])(?P<id>(?i:HMP|HMYOI|HM\s+Prison|HM\s+Young\s+Offender\s+Institution)\s+[A-Za-z][\w'’-]+)", scores.ORGANISATION_CLUB),
        Rule("club", rf"(?<![\w'’-])(?P<id>{CAP_WORD}(?:[ \t]+{CAP_WORD})?[ \t]+"
                     rf"(?:{_alternatives(_CLUB_WORDS | _CLUB_PLACE_WORDS)}))(?![\w'’-])"
                     rf"(?![ \t]+(?i:{_CLUB_NOT_BEFORE})\b)", scores.ORGANISATION_CLUB),
        Rule("dedication", rf"(?<![\w'’-])(?P<id>(?:{_DEDICATIONS})(?:[ \t]+(?i:{_ORGANISATION_WORD}))?)(?![\w'’-])"
                                rf"(?![ \t]+(?:Day|Night|Eve)\b)",
             scores.ORGANISATION_SAINT),
        # "play for the Warriors", "both Leopards mad": a club by its nickname
        Rule("team_nickname", rf"(?<![\w'’-])(?:{_TEAM_VERBS})[ \t]+the[ \t]+(?P<id>{_NICKNAME})(?![\w'’-])",
             scores.ORGANISATION_SAINT),
        Rule("nickname_fan", rf"(?<![\w'’-])(?P<id>{_NICKNAME})[ \t]+(?:{_TEAM_AFTER})(?![\w'’-])", scores.ORGANISATION_SAINT),
        # Lower-case text: "mad on the mariners", "a glovers fan", for review (validate: only on a
        # lower-case line, and not a plural everybody uses, "support the carers").
        Rule("team_nickname_lower", rf"(?<![\w'’-])(?:{_TEAM_VERBS_LOWER})[ \t]+the[ \t]+(?P<id>[a-z]{{3,}}s)(?![\w'’-])",
             scores.PUB_LOWER),
        Rule("nickname_fan_lower", rf"(?<![\w'’-])(?P<id>[a-z]{{3,}}s)[ \t]+(?:{_TEAM_AFTER})(?![\w'’-])", scores.PUB_LOWER),
        Rule("place_and_word", rf"(?<![\w'’-])the[ \t]+(?P<id>[A-Z][\w'’-]*[a-z](?:[ \t]+[A-Z][\w'’-]*[a-z])?"
                               rf"[ \t]+(?:{_LOWER_HEAD}))(?![\w'’-])", scores.ORGANISATION_SAINT),
        Rule("saint_lower", rf"(?<![\w'’-])(?P<id>{_SAINT_LOWER})(?![\w'’-])", scores.ORGANISATION_SAINT),
        Rule("saint", rf"(?<![\w'’-])(?P<id>{_SAINT}(?:[ \t]+|[ \t]*\n[ \t]*){_SAINT_NAME}(?:[ \t]+(?!Day\b|Night\b)[A-Z][a-z]+)?)(?![\w'’-])(?![ \t]+(?:Day|Night)\b)",
             scores.ORGANISATION_SAINT),
    )

    def validate(self, value: str, match: re.Match, rule: Rule) -> float | None:
        g = self.lexicon
        if rule.name == "club":
            words = value.split()
            if words[-1].lower() in _CLUB_PLACE_WORDS and (g is None or g.place_key(normalise(" ".join(words[:-1]))) is None):
                return None   # "Grimsby Town" is a club, "Old Town" is not
        if rule.name == "place_and_word" and g is not None:
            words = [normalise(w) for w in value.split()[:-1]]
            if any(g.is_name(w) or g.is_word(w) or w in g.keep for w in words) and \
                    g.place_key(" ".join(words)) is None:
                return None   # "the Smith house", "the Community centre": only a place or an unknown name
        if rule.name in ("team_nickname_lower", "nickname_fan_lower"):
            start, end = line_bounds(match.string, match.start())
            if line_profile(match.string[start:end]) != LOWER or g is None or g.zipf(value) >= NICKNAME_LOWER_ZIPF \
                    or value in _PEOPLE or value[:-1] in _PEOPLE:
                return None   # "support the carers", "watch the kids": people, not a club
        if rule.name == "nickname_fan" and (match.start() == 0 or re.search(r"[.!?:\n]\s*$", match.string[:match.start()])):
            return None   # "Cats fans..." opening a sentence: no telling
        if rule.name == "saint_lower" and g is not None and value[-1:] == "s" and value[-2:-1] not in ("'", "’"):
            stem = value.split()[-1][:-1]
            if stem not in g.first_names or g.very_common(stem):
                return None   # "st helens" is a town, "st ones" nothing: only "st chads", "st johns"
        if rule.name in ("saint", "saint_lower") and g is not None:
            if g.place_key(normalise(value)) is not None or g.place_key(normalise(value.split()[0] + " " + value.split()[1])) is not None:
                return None   # "St Albans", "St Ives": the place recogniser's
        return rule.score
