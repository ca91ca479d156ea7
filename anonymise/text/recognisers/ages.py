"""Exact ages, of children and of adults, as people say and type them: "he's fourteen", "a
14-year-old", "aged 9", "when she was six", "I were eleven" (dialect), "18 months old", "her 16th
birthday", "she's eighty-three", "he died at sixty", "a lad of sixteen", "she's only eighteen
month", "two and a half", "they're six and four now", "im 15", "YP IS 14", "Aqsa Mahmood, 24,",
"(f, 18)"; and by their place in the conversation: the answer to "how old is he?" on the next turn
("Fifteen, yeah."), the other members of a list ("six and four"), an age said again ("He was ten at
the time. Ten.").

Not ages: counts ("three placements", "fourteen kids"), durations ("six years in care", "an
eighteen month wait"), times ("at three in the morning"), money, measures, thresholds and rules
("till he's eighteen", "you have to be sixteen", "at sixteen you can leave", "the 16 to 25
service"), school years ("Year 9") and yardsticks ("acts like a five-year-old").
"""

from __future__ import annotations

import re

from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.numbers import (
    AND_A_BIT,
    SPOKEN_AND,
    CARDINAL,
    NUMBER_WORDS,
    ORDINAL_UNITS,
    ORDINAL_WORDS,
    parse_age,
)
from anonymise.text.phrases import longest_first
from anonymise.text.recognisers.base import RegexRecogniser, Rule, drop_nested, lexicon_of
from anonymise.text.recognisers.date_words import MONTHS, WEEKDAYS
from anonymise.text.recognisers.turns import line_bounds, next_turns, opens_sentence

# ----------------------------------------------------------------------------------- knowledge
# Words for a person that can stand before "is/'s/was" + an age ("Granda's seventy-eight").
RELATIONS = """brother sister son daughter baby twin cousin nephew niece boy girl lad lass kid child
mum mam mom mother dad da father nan nana nanna gran granny grandma grandmother granda grandad
grandpa grandfather grandson granddaughter wife husband partner auntie aunt uncle fella bairn wean
wain lassie laddie yp cyp carer neighbour friend mate pal boyfriend girlfriend stepdad stepmum
stepfather stepmother stepson stepdaughter babcia dziadek nani nana dadi dada mamgu dadcu nain taid
yaya abuela abuelo""".split()   # the last: grandparents in Polish, Urdu/Punjabi, Welsh, Greek, Spanish
# Nouns for a person before "of" + an age ("a lad of sixteen", "a man of eighty-seven").
PERSON_NOUNS = """lad lass girl boy man woman lady gentleman child kid youngster bairn wean fella baby
son daughter widow widower pensioner leaver lads lasses girls boys kids twins children sons
daughters grandson granddaughter""".split()
# Words for a child young enough to have its age given in months or weeks.
INFANT_WORDS = ["baby", "babby", "babbie", "bairn", "wean", "newborn", "boy", "girl", "son", "daughter",
                "grandson", "granddaughter", "wee one", "little one"]
# What may stand between such a word and the age: "a baby of her own now, Ruby, eight weeks",
# "the baby was (.) what, fifteen month?"
_INFANT_GAP_WORDS = r"her|his|their|my|our|own|now|then|was|is|only|just|what"
# After the months or weeks: how long something took or when, not the child's age.
_NOT_INFANT_AFTER = ["ago", "later", "after", "before", "early", "premature", "late", "overdue", "pregnant",
                     "in", "on", "of", "since", "old", "to", "till", "until", "at", "and", "or"]
# Words a speaker softens an age with ("he's like 15", "she's only eighteen month").
HEDGES = ("only", "just", "nearly", "almost", "about", "around", "now", "still", "barely",
          "already", "like", "maybe", "probably", "roughly", "coming up to", "going on", "literally",
          "basically", "what", "nobbut")   # "nobbut": Yorkshire "only" ("Lacey were nobbut three")
# Below this a number after "at" is more often a clock time ("at six") than an age.
AT_AGE_MIN = 13
# Past this, a number after "reached", "hit" or "got to" is more often a score or a count, unless
# "old" or "age" follows.
LOOSE_VERB_MAX = 25
MAX_AGE = 110
# A decade of someone's life in words ("in her sixties"): its first year.
DECADES = {w: 10 * (i + 2) for i, w in enumerate(
    "twenties thirties forties fifties sixties seventies eighties nineties".split())}
# "in care till I was eighteen": the age every rule ends at stays a threshold even in the past.
AGE_OF_MAJORITY = 18
# An age said again nearby is within this many years of the first ("32 33", "fourteen, nearly
# fifteen", "Thirty-five. Maybe thirty-six.").
RESTATE_SPREAD = 3
RESTATE_WINDOW = 90
# How many turns after "how old...?" are read for an answer (a group may answer one by one).
ANSWER_TURNS = 4
# How far along the question's own line an unpunctuated answer is looked for.
SAME_LINE_ANSWER = 50
# How many times ages found in context may lead to further ones (a list, then its restatement).
CONTEXT_ROUNDS = 3
# Scores of ages found by their place in the talk rather than by a rule's words.
CONTEXT_SCORES = {"answer_to_how_old": 0.75, "list_of_ages": 0.8, "restated": 0.75, "counted_ages": 0.75}
# Months and weekdays before a number make a date ("January, fifty-three"), never a name.
NOT_A_NAME_EVER = frozenset(w.lower() for w in MONTHS + WEEKDAYS)
# Capitalised words that begin a clause but name nobody ("It's 15", "That was 20"), used only
# when no gazetteer is at hand to tell names from words.
NOT_A_NAME = frozenset("""there it that this what which who here where everything nothing mine ours
yours theirs his hers total score price number page room year bus flat house item step stage level
grade part time rent today now they we us them""".split())


def _words(words) -> str:
    return longest_first(words, space=r"\s+")


AGE_NUMBER = rf"(?:{CARDINAL}{AND_A_BIT}?)"
# A fraction of a year: said of an age and of little else once units are ruled out.
_FRACTION = rf"(?:(?:\s+|-){SPOKEN_AND}(?:\s+|-)(?:a(?:\s+|-)half|(?:a|one|three)[\s-]quarters?))"
_MONTH_NAMES = _words(MONTHS)
# A relation or a person noun, one or several: "gran (71)", "the 2 boys (9 + 12)".
_PERSON_WORDS = _words(RELATIONS + PERSON_NOUNS + [w + "s" for w in RELATIONS + PERSON_NOUNS])
# The word before a bracketed age: a capitalised name, or a relation or person noun.
# An initial owns one in a list of people ("KC11 + husb. + J (15)"), not "Appendix B (12)".
_BRACKET_OWNER = re.compile(rf"(?:\b[A-ZÀ-Þ][^\W\d_]*[a-zà-ÿ]|(?:(?<=[+&,;(] )|(?<=\band )|(?<=\bwith )|(?<=w/ ))[A-Z]"
                            rf"|(?<![\w'’])(?i:{_PERSON_WORDS}|ones?))[\"”’]?\s$")
# A date of birth owns the age after it: "DOB 02/06/2022 (11 weeks)".
_BIRTH_DATE_OWNER = re.compile(r"(?i:\b(?:dob|d\.o\.b\.?|born)\b)[^\n()]{0,20}\d\s$")
# In capitals a listed name owns the bracket too: "MR JOHN PARRY (37)", not "PAGE (15)".
_CAPITALS_OWNER = re.compile(r"\b([A-Z][A-Z'’-]+)\s$")
# In lower-case notes a name or initials own it: "jt (15)", "tyreke m (16)".
_LOWER_OWNER = re.compile(r"(?<![\w'’])([a-z]{1,12})\s$")
# Where a rule may begin: not inside a word. (A lookbehind, which the regex engine checks faster
# than a word boundary at every position.)
_START = r"(?<![\w'’])"
# Birthdays said in words that are ages, not the first or second of something ("my first on sat").
_BIRTHDAY_ORDINALS = rf"(?:{_words(w for w, n in ORDINAL_UNITS.items() if n >= 13)}|twenty[ -]first)"
_HEDGE = rf"(?:(?:{_words(HEDGES)})\s+)*"
# What may stand between "was" and the age: a pause ("Grace is... six", "I was, what, nineteen").
_GAP = (r"(?:\s*(?:\.\.\.|…|--|—)\s*|\s*,\s*(?:(?:what|um|erm|er|uh|oh|like)\s*[,?]?\s*)?|"
        # "when I was younger, like 13", "when I was really small, like two or three"
        r"\s+(?:(?:really|very|only|just|quite)\s+)?(?:younger|little|small|tiny|a\s+kid|a\s+baby)\s*,?\s+(?:like|about|around|maybe)\s+|"
        r"\s+)")
# The verb between a person and an age; factored by its first character, because the rule is
# tried after every word of the text.
_BE = (r"(?P<be>['’](?:(?:s|m|re)\s+(?:gonna|going\s+to)\s+be|s|m|re|ll\s+be|d\s+be|d\s+have\s+been)|"
       r"\s+(?:(?:is|am|are)\s+(?:gonna|going\s+to)\s+be|is|was|were|wis|wus|woz|am|are|turned|turns|had\s+turned|will\s+be|would\s+be|'?d\s+be|being|"
       r"(?:would|must|might|could)\s+have\s+been)|"
       # "hes", "shes", "whos" end in "s" like a fused relation's "'s": validate tells them apart
       r"(?<=s)|(?<=\bim)|(?<=e)(?:(?<=\byoure)|(?<=\btheyre)))")
# Speech recognition drops the apostrophe: "hes 9", and a relation's "'s" fused into the word
# ("our kids 9", "the babys 18 month"); the bare "s" counts only after a relation (validate).
_FUSED_PRONOUNS = frozenset({"hes", "shes", "im", "whos", "youre"})
# Who may be "'s/is/was" an age: a pronoun ("hes", "im", "whos" as speech recognition writes
# them), a relation ("Granda's", "my son is"), "the older one", or a name (checked in validate).
SUBJECT_WORDS = frozenset(["he", "she", "i", "ah", "you", "who", "whos", "hes", "shes", "im", "youre"] + RELATIONS
                          + [r + "s" for r in RELATIONS])
ONE_ADJECTIVES = frozenset(["older", "younger", "eldest", "youngest", "oldest", "little", "big", "wee",
                            "other", "middle", "small"])
_PLURAL_SUBJECT = (r"(?:they|theyre|both|ours|mine|the\s+(?:kids|boys|girls|twins|children|bairns|weans|lads|"
                   r"grandkids|grandchildren))")
# A unit, measure or time after the number: then it is not an age.
_UNIT_AFTER = (r"(?<=\bone)\s+(?:who|that|which|in\s+a)\b|"   # "he's one who...", "she's one in a million"
               r"\s*(?:%|per\s?cent|pounds?|quid|grand|p\b|pence|k\b|o'clock|o’clock|am\b|pm\b|a\.m|p\.m|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?(?!\s+old)|"
               r"years?(?!\s+old|\s+of\s+age)|times?|miles?|stone|kilos?|kg|foot|feet|inches|metres?|"
               r"meters?|people|kids|children|of\b|out\b|st\b|nd\b|rd\b|th\b|hundred|thousand|"
               # "three or four times" counts; "only 7 or 8 but..." guesses an age
               rf"or\b(?!\s+(?:\d{{1,3}}|{NUMBER_WORDS})\b(?!\s*(?:%|pounds?|quid|grand|minutes?|mins?|hours?|hrs?|"
               r"days?|nights?|weeks?|months?|years?|times?|miles?|people|kids|children|o['’]clock|in\s+the|of)\b))|"
               r"million|nil|points?|things?\b|more\b|less\b|up\b|down\b|"
               # "two back" counts; "a girl of three back home", "I was 15 back then" is an age
               r"back\b(?!\s+(?:home|then|in\s+the\s+day)\b)|all\b|each\b|[:.,]\d|-\d|['’]\d|/|"
               # "-ish", "-odd", "-summat" keep an age ("Nan's eighty-odd"), unless a unit follows ("twenty-odd years")
               r"[-‐](?!(?:ish|odd|summat|something)\b(?![\s-]+(?:years?|months?|weeks?|days?|hours?|minutes?|times?|people|quid|pounds?|miles?)\b))[a-z])")
# A house number: "at 23 Roscommon Street", "at 41 heneage road".
_STREET_AFTER = (rf"(?:\s+(?!(?i:and|or|but|then|she|he|i|we|they|you|it|on|in|at|to|is|was|her|his|"
                 rf"my|our|their|the|a)\b|\w+['’])[^\W\d_][\w'’-]*){{1,3}}\s+(?:{_words(cue('street_types'))})\b")
# A plural noun after the number makes it a count ("three placements", "two buses").
_PLURAL_AFTER = (r"\s+(?!(?:is|was|has|as|this|his|us|yes|its|cos|plus|always|perhaps|sometimes|"
                 # speech recognition's "shes 71 shes sound": a pronoun without its apostrophe
                 r"hes|shes|whos|thats|theres|whats|heres|lets|"
                 r"unless|whereas|towards|afterwards|years\s+old|months\s+old)\b)[a-z]*[a-rt-z]s\b")
# "16 to 25", "sixteen to twenty-five": a range is a rule's band, not somebody's age.
_RANGE_AFTER = rf"\s+to\s+(?:\d|{NUMBER_WORDS}\b)"
_NOT_AGE_AFTER = rf"(?!(?i:{_UNIT_AFTER}|{_PLURAL_AFTER}|{_RANGE_AFTER}|{_STREET_AFTER}))"
# After "at": a clock time ("at three in the morning", "at six thirty", "at ten past").
_NOT_CLOCK = (rf"(?!(?i:\s+(?:in\s+the\s+(?:morning|afternoon|evening|night)|at\s+night|tonight|"
              rf"past|sharp|on\s+the\s+dot|{NUMBER_WORDS}\b|\d)))")
# An age month-count after "is/'s": "my son is eighteen months now", "she's only eighteen month".
_MONTHS = (r"(?P<months>\s+(?:months?|weeks?)(?!\s+(?:ago|later|in|on|of|pregnant|since|before|after|clean|"
           r"sober|late|behind|early|gone|away|off)\b))")
# In the past tense a month-count is a baby's age only where the clause ends or goes on to say
# when ("baby was eight weeks when the plan started", "was 10 months and needed bottles"); else a
# stay ("he was six months in hospital").
_AGE_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\]–—]|--|$|\s(?:and|when|old|at\s+the\s+time|then|still|i|we|he|she|they|you)\b)", re.IGNORECASE)
# A child already replaced by the researcher: "[Child 1] is seven".
_PLACEHOLDER_SUBJECT = r"\[(?i:child|person|name|sibling|brother|sister|baby|son|daughter|yp|young\s+person)[^\]\n]{0,12}\]"
_PRESENT = frozenset({"'s", "’s", "is", "'m", "’m", "am", "'re", "’re", "are", ""})
_PAST = frozenset({"was", "were", "wis", "wus", "woz"})
# "lived to ninety-one": a life's length, at any age (other verbs of reaching count only young:
# "hit 40" may be a speed).
_LIVED_TO = re.compile(r"(?i)(?:lived|made\s+it)\s+to\b")
# Ages named as limits ("until she's eighteen") describe the system, not the child; in the past
# tense ("till I was sixteen") they are the speaker's own age, unless it is the age of majority.
# The limit governs its own clause only: "till they're eighteen, and I'll be seventy" is an age.
_THRESHOLD = re.compile(r"\b(?:till|until|til|beyond)\b(?:\s+(?!(?:and|but|so|then)\b)[^\s,;.!?]+){0,3}\s*$")
# "when you're 16 you can...": a generic "you" after a condition is a rule, not a person.
_GENERIC_YOU = re.compile(r"\b(?:when|once|if|as\s+soon\s+as|unless|before|after|by\s+the\s+time)\s*$",
                          re.IGNORECASE)
# "you can leave school at sixteen", "at 65 you get your pension": a rule's age.
_RULE_BEFORE_AT = re.compile(r"\b(?:you\s+(?:can|could|can't|couldn't|have\s+to|had\s+to|must|should|need\s+to|"
                             r"get|got|were\s+allowed|are\s+allowed|['’]re\s+allowed)|let\s+you|allowed|"
                             r"legally|pension|retire|retires|retiring|retirement|eligible)\b[^.!?;\n]*$", re.IGNORECASE)
# "the project stops at sixteen", "starts at eighteen", "I'm sitting at twenty-two": a service's
# rule or a count, not a person's age (a present-tense verb states what always happens).
AT_RULE_VERBS = ("stops", "starts", "ends", "changes", "kicks in", "begins", "finishes", "applies",
                 "sitting", "sits", "standing", "stands", "running", "capped", "set", "fixed", "stuck",
                 "peaks", "peaked")
# Under thirteen "at six" is mostly the clock; after a child's life event it is an age: "went into
# care at 9", "started reception at four", "adopted at two", "WENT HALF-TIME AT TWELVE".
_YOUNG_EVENT = re.compile(rf"\b(?:{_words(sorted(cue('young_age_events')))})\b[^.!?;:\n]*$", re.IGNORECASE)
# "KATHLEEN, AT EIGHT, IS TOO YOUNG": "at N" set off by commas after a name.
_BETWEEN_COMMAS = re.compile(r"\s*,")
# The word whose comma sets an age off: "CARYL, NOW TEN".
_WORD_BEFORE_COMMA = re.compile(r"([^\W\d_]+)[\"”’)]*,$")
# "reviewed at six months", "the check at eight weeks": when a service acts, not a baby's age.
_SERVICE_AT = re.compile(r"\b(?:reviews?|reviewed|checks?|checked|visits?|visited|assessments?|assessed|appointments?|"
                         r"jabs?|injections?|vaccinations?|immuni[sz]ations?|seen)\s+$", re.IGNORECASE)
# A numbered heading or item: "6.   DECISIONS.", "2) Housing".
_NUMBERED_ITEM = re.compile(r"(?<![^\n \t])\d{1,2}[.)][ \t]+[A-Z]")
_AT_RULE_VERB = re.compile(rf"\b(?:{_words(AT_RULE_VERBS)})\s+$", re.IGNORECASE)
# A range begun earlier in the sentence ("from sixteen the allowance changes, and at eighteen").
# "from 12 till 16": a stretch of someone's life, as ages. A range whose numbers could both be
# hours ("from nine till five") is the clock; one after the people it is for ("kids from 12 to
# 16", "ages from 13") is a service's rule; a range needs a person in its clause.
_TILL = r"(?:till|until|til|'til|’til|to)"
_TODAY = re.compile(r"(?i)\btoday\b")
# The age before "today", opening a sentence or after "'s", "is", "turned".
_AGE_BEFORE_TODAY = re.compile(rf"(?:^|[.!?:\n]\s|['’]s\s|\bis\s|turned\s)(?P<id>{AGE_NUMBER})\s+$",
                               re.IGNORECASE | re.MULTILINE)
_TODAY_END = re.compile(r"\s*[!.,]|\s+(?:and|bless|so)\b", re.IGNORECASE)
_FROM_NUMBER = rf"(?i)\bfrom\s+(?:\S+\s+)?(?:\d|{NUMBER_WORDS}\b)"
_LIFE_RANGE_FOR = re.compile(r"\b(?:kids|children|child|young\s+people|people|anyone|anybody|ages?|aged|groups?|"
                             r"years?|olds|pupils|boys|girls|adults|teenagers|families|open|takes?|taking|for|them)\s+$",
                             re.IGNORECASE)
_LIFE_RANGE_PERSON = re.compile(r"(?:^|[\n:>])[^\S\n]*$|(?i:\b(?:i|i'm|im|i'd|he|she|we|they|me|him|her|us|"
                                r"my|his|our|their)\b)|(?<=\w )[A-Z][a-z]+\b")
_RANGE_BEFORE_AT = re.compile(rf"\b(?:from|between)\s+(?:\d|{NUMBER_WORDS}\b)[^.!?;\n]*$", re.IGNORECASE)
# Nobody in particular: "Nobody leaves a placement at sixteen".
_NOBODY = re.compile(r"\b(?:nobody|no\s+one|everybody|everyone|anybody|anyone)\b[^.!?;\n]*$", re.IGNORECASE)
_RULE_AFTER_AT = re.compile(r"\s+(?:you|they|kids|children|people|everyone|everybody)\b", re.IGNORECASE)
# "at the level of an eight-year-old", "behaves like a five-year-old": a yardstick, not an age.
_COMPARISON = re.compile(r"\b(?:level\s+of|(?:acts?|acting|acted|behaves?|behaving|behaved|looks?|looking|"
                         r"looked|talks?|talking|talked)\s+like|than)\s+(?:an?|the\s+average)\s*$")
_YEARS_OLD = r"(?:[\s-]*(?:years?|yrs?|months?|weeks?|days?)[\s-]*(?:old|auld)|\s?(?:yo|y/o|y\.o\.)(?![\w/]))"
_SEX = r"(?:[mfMF]|male|female|boy|girl)"

# Words of talk about someone's age, before an age said, written or claimed ("How old do you
# think you are?" ... "I said sixteen").
_AGE_TALK = re.compile(r"\b(?:age|ages|aged|old|older|younger|born|birth|dob|assess\w*|birthday)\b", re.IGNORECASE)
AGE_TALK_WINDOW = 200
_SENTENCE_REST = re.compile(r"[^.!?\n]*")
# A sentence's end right after a number: "They were six."
_SENTENCE_CLOSES = re.compile(r"[^\S\n]*[.!]")


def _sentence_rest(text: str, end: int) -> str:
    """What follows `end` up to the end of its sentence or line."""
    return _SENTENCE_REST.match(text, end).group(0)

# ----------------------------------------------------------------------------------- context
# A question about age: the next turns may answer it with a bare number.
_AGE_QUESTION = re.compile(r"\bhow\s+old\b|\bwhat\s+age\b|\bages?\b[^\n?]*\?", re.IGNORECASE)
# A following turn that asks something else ends the answers.
_QUESTION_TURN = re.compile(r"\?|^(?:how|what|where|when|who|why|which|do|did|does|is|are|can|could)\b",
                            re.IGNORECASE)
# Words a speaker starts an answer with, before the number itself.
_LEAD_WORD = (r"(?<![\w'’])(?:yes|yeah|yep|aye|oh|um|erm|er|uh|hmm|well|so|maybe|about|around|nearly|now|"
              r"honestly|probably|i\s+think|i['’]?d\s+say|(?:he|she|they|i)\s+(?:went|goes|said|says)|"
              r"almost|like|only|just|no|and|but|wait|sorry|actually|(?:in|by|come)\s+(?:january|february|"
              r"march|april|may|june|july|august|september|october|november|december))")
_LEAD_INS = re.compile(rf"(?:{_LEAD_WORD}[\s,]*|[\s,]+)$", re.IGNORECASE)
# "Now? Seventeen.", "Yes. Fifteen.": a lead word may be its own little sentence.
_LEAD_RUN = re.compile(rf"(?:{_LEAD_WORD}[\s,?.!]*|[\s,]+)*", re.IGNORECASE)
# What may stand between an age and the same age said again at once ("32 33", "14 nearly 15").
_FILLERS = re.compile(r"(?:[\s,.?!…-]|\b(?:uh|um|erm|er|or|maybe|nearly|almost|only|just|no|wait|sorry|what|going\s+on|yeah|yes|aye|"
                      r"like|about|actually|i\s+mean|i\s+think|nah|sorry)\b)*", re.IGNORECASE)
# The number said on its own: the sentence, the turn or the list goes on no further.
_ENDS_UTTERANCE = re.compile(r"(?:\s*(?:[.,;!?…)\]]|--|—|–|\n|$)|\s+(?:and|now|nearly|yeah|yes|at\s+the\s+time|"
                             r"officially|really|exactly|technically|roughly|tops|"
                             r"this\s+year|next|i\s+think|maybe|or|then|come|in\s+(?:jan|feb|mar|apr|may|jun|"
                             r"jul|aug|sep|oct|nov|dec)[a-z]*)\b|\s+\d{1,2}(?=\s|$)|"
                             # "maybe ten eleven": a second guess at once
                             rf"\s+(?:{NUMBER_WORDS})(?=\s|$))", re.IGNORECASE)
# An unpunctuated answer that goes on about the one it is said of: "52 i was a driver", "nine
# shes nine going on nineteen", "SEVENTY-SIX WOULD YOU BELIEVE", "16 as of last month".
_ANSWER_GOES_ON = re.compile(r"\s+(?:i|im|i['’]m|he|she|hes|shes|he['’]s|she['’]s|would\s+you\s+believe|as\s+of)\b",
                             re.IGNORECASE)
_NUMBER = re.compile(rf"(?<![\w/.:-]){AGE_NUMBER}(?![\w/]|[.:,-]\d)", re.IGNORECASE)
_NOT_AGE = re.compile(_NOT_AGE_AFTER)
# A label or a limit before a number found by its place: "Year 9", "room 12", "till fifteen", "over 65".
_NOT_AGE_BEFORE = re.compile(r"\b(?:year|yr|y|p|room|page|number|no\.?|flat|house|bus|till|until|under|over)\s*$",
                             re.IGNORECASE)
# The rest of a list after an age: "[six] and four", "[seven], nine and ten".
_LIST_TAIL = re.compile(rf"(?:\s*[,+&]\s*{AGE_NUMBER})*,?\s*(?:\s(?:and|an['’]?|or|rather\s+than|not)\s|[+&])\s*{AGE_NUMBER}\b{_NOT_AGE_AFTER}",
                        re.IGNORECASE)

# Children counted, then as many ages as the count says: "Three of them, nine, seven and five",
# "Our own two are grown up, twenty-six and thirty", "sibling pair [child D] & [child E], 7 & 4".
# That the list is as long as the count is what makes its numbers ages, not two buses' numbers.
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2, "pair": 2, "twins": 2}
_AGE_LIST = rf"(?P<ages>{AGE_NUMBER}(?:\s*,\s*{AGE_NUMBER})*,?\s+(?:and|&)\s+{AGE_NUMBER})"
_COUNTED_LIST = re.compile(
    rf"{_START}(?P<count>{_words(_COUNTS)})\b(?P<who>[^\n.;:!?0-9]{{0,40}}?),\s+{_AGE_LIST}\b{_NOT_AGE_AFTER}",
    re.IGNORECASE)
# ... or the ages first, then who they are: "Six and nine they were." Read back from each "they
# were": a pattern opening with a number is tried at every word.
_THEY_WERE = re.compile(r"\b(?:they|both)\s+(?:were|are|was)\b", re.IGNORECASE)
_AGES_THEY_WERE = re.compile(rf"{_AGE_LIST}\s+(?:they|both)\s+(?:were|are|was)\b", re.IGNORECASE)
_LIST_REACH = 80
# Who the counted are: people, not things ("two buses, 10 and 15").
_COUNTED_PEOPLE = re.compile(rf"\b(?:of\s+(?:them|us|mine|ours)|own|grown|{_PERSON_WORDS}|\[[^\]]*\])", re.IGNORECASE)


class AgeRecogniser(RegexRecogniser):
    NAME = "age"
    ENTITY = "AGE"
    CONTEXT = ("age", "aged", "old", "birthday", "born")
    BOOST = 0.05
    RULES = (
        # ... or a guessed range: "believed aged 19-20", "others there aged 15-17".
        Rule("aged", rf"{_START}(?P<id>(?:aged?|age\s+of)\s+{_HEDGE}{AGE_NUMBER}(?:[ \t]*[-–][ \t]*{CARDINAL})?\b{_YEARS_OLD}?)",
             0.9, re.IGNORECASE),
        Rule("years_old", rf"{_START}(?P<id>{CARDINAL}(?:{AND_A_BIT}?{_YEARS_OLD}|\s+years?\s+of\s+age))\b",
             0.9, re.IGNORECASE),
        # A person, then "is/'s/was" and the age: "she's eighty-three", "im 15", "YP IS 14",
        # "Granda's seventy-eight", "Frank's seventy-one", "Oisín's eleven", dialect "our Kyle were
        # nine", lower-case "mark's eleven". Who the subject is, is checked in validate.
        # The subject is a whole word, taken possessively: what follows it never begins inside a
        # word, and not retrying every shorter piece of every word makes the rule a third faster.
        Rule("subject_is", rf"{_START}(?P<subj>[^\W\d_]++){_BE}{_GAP}{_HEDGE}(?P<id>{AGE_NUMBER}{_MONTHS}?)\b"
                           rf"{_NOT_AGE_AFTER}", 0.8, re.IGNORECASE),
        # Ages listed after saying they are ages: "Ages as given by them: 12, 14, 16 and 19."
        Rule("ages_listed", rf"(?i:\bages?\b[^\n:]{{0,30}}:[ \t]*)(?P<id>{AGE_NUMBER})(?=\s*(?:,|and)\s*{AGE_NUMBER})",
             0.8, needs=r"(?i)\bages?\b[^\n:]{0,30}:"),
        # A child the researcher has already replaced: "[Child 1] is seven, Year 2".
        Rule("placeholder_is", rf"{_PLACEHOLDER_SUBJECT}{_BE}{_GAP}{_HEDGE}(?P<id>{AGE_NUMBER}{_MONTHS}?)\b"
                               rf"{_NOT_AGE_AFTER}", 0.8, re.IGNORECASE, needs=r"\["),
        # An age given as years had, as Ukrainian, Polish, French or Spanish speakers say it:
        # "I have seventy-eight years, where I go?", "in English way I have sixteen".
        Rule("has_years", rf"{_START}(?:i|he|she|we|they|you|it|mother|father|son|daughter)\s+(?:have|has|had)\s+{_HEDGE}"
                          rf"(?P<id>{AGE_NUMBER})(?=\s+years?\b(?!\s+(?:of|in|with|here|left|more|ago|experience|since)\b))",
             0.75, re.IGNORECASE, needs=r"(?i)\bha(?:ve|s|d)\s+\S+(?:\s+\S+)?\s+years?\b"),
        # Several children at once: "they're six and four now" (a list, or it may be a count), and
        # "they're fourteen now": the age they have reached.
        Rule("they_are", rf"{_START}{_PLURAL_SUBJECT}{_BE}\s+(?:both\s+)?{_HEDGE}(?P<id>{AGE_NUMBER})"
                         rf"(?=(?:\s*,\s*{AGE_NUMBER})*,?\s+and\s+{AGE_NUMBER}\b|\s+(?:now|both)\b|[^\S\n]*(?:[.!]|\n|$)|"
                         rf",?\s+(?:and|but|so|cos|they|theyre|they're)\b)", 0.8, re.IGNORECASE),
        # A hedged guess at a group's age ends its sentence or gives a second guess: "they're only
        # like fourteen, fifteen", "they're only about twelve."
        Rule("they_are_hedged", rf"{_START}{_PLURAL_SUBJECT}{_BE}\s+(?:only|just|like|about|nearly|barely|maybe|probably)\s+"
                                rf"{_HEDGE}(?P<id>{AGE_NUMBER})\b{_NOT_AGE_AFTER}(?=\s*[.!?]|\s*,\s*{AGE_NUMBER}\b)",
             0.75, re.IGNORECASE),
        # "since we were like three", "when they were six": a shared age, not a head count.
        Rule("since_we_were", rf"{_START}(?:since|when)\s+(?:we|they)\s+were\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b"
                              rf"{_NOT_AGE_AFTER}", 0.7, re.IGNORECASE),
        Rule("turned", rf"{_START}(?:turned|turns|turning|turn|coming\s+up(?:\s+to)?|rising)\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b"
                       rf"{_NOT_AGE_AFTER}", 0.8, re.IGNORECASE),
        Rule("reached", rf"{_START}(?:(?:got|get|gets|getting)\s+to|reached|reaches|hit|hits|lived\s+to|made\s+it\s+to)\s+{_HEDGE}"
                        rf"(?P<id>{CARDINAL})\b{_NOT_AGE_AFTER}", 0.8, re.IGNORECASE),
        # "left at sixteen", "he died at sixty", "GUT FISH AT FORTY-NINE".
        Rule("at", rf"{_START}(?:at|by)\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b{_NOT_AGE_AFTER}{_NOT_CLOCK}",
             0.8, re.IGNORECASE),
        # "came to me at eighteen month", "not walking at twenty months": a baby's age in months.
        Rule("at", rf"{_START}at\s+{_HEDGE}(?P<id>{AGE_NUMBER}){_MONTHS}\b", 0.8, re.IGNORECASE,
             needs=r"(?i)\b(?:months?|weeks?)\b"),
        # An age said first, then who had it: "Seventy-three she was.", "Forty-one, he was."
        Rule("age_then_was", rf"{_START}(?P<id>{AGE_NUMBER}),?[ \t]+(?:he|she)[ \t]+(?:was|were|wis|is)"
                             rf"(?=[ \t]*(?:[.!?,;…]|--|—|\n|$))", 0.8, re.IGNORECASE,
             needs=r"(?i)\b(?:he|she)[ \t]+(?:was|were|wis|is)[ \t]*(?:[.!?,;…]|--|—|\n|$)"),
        # The age someone died at, set off after the death: "But he died last year, eighty-four.",
        # "she passed in the March, seventy-one".
        Rule("died_age", rf"{_START}(?:died|passed(?:\s+away|\s+on)?)\b[^.!?\n,]{{0,40}},\s+{_HEDGE}(?P<id>{AGE_NUMBER})"
                         rf"(?=\s*(?:[.!?]|\n|$))", 0.75, re.IGNORECASE, needs=r"(?i)\b(?:died|passed)\b"),
        # An age set off after a name: "CARYL, NOW TEN, IS...", "Derek (now 22, residing...".
        Rule("now_age", rf"(?:(?<=[^\W\d_]),[ \t]*|\()(?i:now)[ \t]+(?P<id>{AGE_NUMBER})(?=[ \t]*[,;)])", 0.8,
             needs=r"(?i)[,(][ \t]*now[ \t]"),
        # "which would make him 16", "we have him as 18 on the system": an age given to someone.
        Rule("makes_him", rf"{_START}(?:make|makes|made|making|have|has|had)\s+(?:him|her|them|me)\s+(?:as\s+)?{_HEDGE}"
                          rf"(?P<id>{AGE_NUMBER})\b{_NOT_AGE_AFTER}", 0.75, re.IGNORECASE),
        Rule("person_of", rf"{_START}(?:{_words(PERSON_NOUNS)})\s+of\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b{_NOT_AGE_AFTER}",
             0.8, re.IGNORECASE),
        # A name, then the age on its own: "Tomos, thirteen --", "Jac. Fourteen.", "Aqsa Mahmood, 24,",
        # 'Shannon? "Shan") 17,', "Sunny 14 nearly 15", "a girl 8 doing her nan's insulin".
        Rule("name_then_age", rf"{_START}(?P<name>[A-ZÀ-Þ][^\W\d_]+|(?i:{_words(PERSON_NOUNS + ['person'])}))[\"”’)]*"
                              rf"(?:,[ \t]+(?i:nearly|almost|about|just|only|going[ \t]+on|coming[ \t]+up[ \t]+to|rising)|[,.]?)"
                              rf"[ \t]+(?P<id>(?i:{AGE_NUMBER}))"
                              rf"(?=\s*(?:[,;!?)]|[.:](?!\d)|--|—|–|$)|\s+(?i:and|now|nearly|with)\b|\s+[a-z]{{2,}}ing\b"
                              rf"|\s+in\s+(?:{_MONTH_NAMES}|(?:a|an|two|three|four|five|six|\d)\s+(?:days?|weeks?|months?))\b)", 0.7,
             re.MULTILINE),
        # "Kyle (15)", "gran (71)", "the 2 boys (9 + 12)": the word before is checked in validate,
        # so the rule starts at the bracket, not at every word.
        Rule("bracketed", r"(?<=[A-Za-z0-9\"”’]\s)\((?P<id>\d{1,2}(?:\s?(?:yrs?|years?|y/o|yo))?)"
                          r"(?:\s?(?:weeks?|wks?|months?|mths?))?(?:\)|\s*(?:[+,&/]|and)\s*\d{1,2}\s*\))",
             0.8),
        # A header's or note's bracket after a name, the age last: "Jonty Armstrong-Tweddle (hill
        # farmer, 58)", "Mrs Okafor (mum, 34)"; the owner is checked as for "Kyle (15)".
        Rule("bracketed_last", r"(?<=[A-Za-z\"”’]\s)\((?:[^\W\d_][^()\n,]{0,40}),[^\S\n]*(?P<id>\d{1,2})\)", 0.75),
        # Field notes: "(f, 18)", "(17, M)".
        Rule("sex_and_age", rf"\({_SEX}\s*[,/;]\s*(?P<id>\d{{1,2}})\)", 0.8),
        Rule("age_and_sex", rf"\((?P<id>\d{{1,2}})\s*[,/;]?\s*{_SEX}\)", 0.8),
        # Descriptions in notes and summaries: "male, 56, white Irish", "female, prob 30s".
        Rule("sex_comma_age", rf"{_START}(?i:male|female)\s*,\s*(?:(?i:prob(?:ably)?|approx|about|around|est|poss)\.?\s+)?"
                              rf"(?P<id>\d{{1,2}}(?:s(?![\w'’]))?)(?![\w/.:]|[,-]\d)", 0.75),
        # "ten and a quarter", "3 and a half", "FOURTEEN AND A HALF, I'D LEFT SCHOOL": nobody counts
        # placements or buses in halves; durations and measures are ruled out by the unit after.
        Rule("and_a_half", rf"{_START}(?P<id>{CARDINAL}{_FRACTION})\b{_NOT_AGE_AFTER}", 0.7, re.IGNORECASE,
             needs=rf"(?i){_FRACTION}"),
        # The age a birthday brings, said with when: "he's five, be six on the 2nd of December",
        # "she'll be eight in t' August", "he'll be fourteen next month" (not "there'll be six on
        # the 2nd", a head count).
        Rule("be_next", rf"(?<!there\s)(?<!there['’]ll\s)(?<!there\swill\s)\bbe\s+{_HEDGE}(?P<id>{AGE_NUMBER})\s+"
                        rf"(?=on\s+the\s+(?:\d|{ORDINAL_WORDS})|on\s+(?:\d|{_MONTH_NAMES})|in\s+(?:t['’]\s+)?(?:{_MONTH_NAMES})\b|"
                        rf"next\s+(?:week|month|year|{_MONTH_NAMES})\b|come\s+(?:{_MONTH_NAMES})\b)", 0.75, re.IGNORECASE,
             needs=rf"\bbe\s+(?:\d|{NUMBER_WORDS})"),
        # "hes 4 (5 in July)", "Kai, 11 (12 next month)": the next birthday, in brackets.
        Rule("next_birthday", rf"(?<=\w\s)\((?P<id>\d{{1,3}}|(?i:{NUMBER_WORDS}))\s+(?i:in\s+(?:{_MONTH_NAMES})|"
                              rf"next\s+(?:week|month|year|{_MONTH_NAMES})|come\s+(?:{_MONTH_NAMES}))\b[^()\n]{{0,20}}\)", 0.7),
        # An age stated, claimed or recorded where age is the talk: "I said sixteen. The officer
        # wrote twenty-five.", "they had you as twenty-five" (age assessments); checked in validate.
        # An assessed age is given, accepted or agreed: "in the end they gave me seventeen", "then
        # they accept fifteen", "They agreed seventeen", "his papers say nineteen".
        Rule("stated_age", rf"{_START}(?:said|says|say|wrote|writes|put|puts|decided|gave|wrote\s+down|put\s+down|came\s+back(?:\s+as)?|"
                           rf"(?:gave|give|given|decided|assessed)\s+(?:me|him|her|them|us)(?:\s+(?:as|at))?|"
                           rf"accept|accepts|accepted|agreed|agree|"
                           rf"had\s+(?:me|you|him|her|them)\s+(?:down\s+)?as)\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b"
                           rf"{_NOT_AGE_AFTER}(?=\s*(?:[.,;!?]|$)|\s+(?:and|because|but|maybe|then)\b)",
             0.7, re.IGNORECASE),
        # An age claimed or guessed from looks: "SHE CLAIMS TO BE SIXTEEN", "looks about 13 or 14",
        # "reckons he's 19"; the list after it ("or 14") is read on from here.
        Rule("claimed_age", rf"{_START}(?:(?:claims?|claimed|claiming|reckons?|reckoned|makes?\s+out|made\s+out)\s+"
                            rf"(?:to\s+be|(?:she|he|they)['’]?s|(?:she|he)\s+(?:is|was))|looks?\s+(?:about|around|like|maybe|older\s+than))"
                            rf"\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b{_NOT_AGE_AFTER}"
                            rf"(?=\s*(?:[.,;!?)]|$)|\s+(?:or|and|to|but|at|though|tops|max)\b)", 0.7, re.IGNORECASE),
        # "The middle one twelve. And the small one eight.": a list of children without a verb.
        Rule("one_then_age", rf"{_START}the\s+(?:{_words(ONE_ADJECTIVES)})\s+one,?\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b"
                             rf"{_NOT_AGE_AFTER}(?=\s*(?:[.,;!?]|$))", 0.75, re.IGNORECASE),
        # A baby's age in months or weeks, set off after the word for the child: "She has a baby,
        # ten months", "a wee boy of eighteen months", "I was a baby. Ten months.", "a baby of her
        # own now, Ruby, eight weeks" -- not how long something took ("the baby, six weeks later").
        Rule("baby_months", rf"{_START}(?:{_words(INFANT_WORDS)})\b(?P<gap>(?:[ \t]*,|[ \t]+(?:of|{_INFANT_GAP_WORDS})\b|"
                            rf"[ \t]*\(\.\)|[ \t]+[A-Z][a-z]+(?=,))*[ \t]*\.?)\s+{_HEDGE}"
                            rf"(?P<id>{CARDINAL})[ \t]+(?P<unit>months?|weeks?)\b(?![ \t]+(?:{_words(_NOT_INFANT_AFTER)})\b)",
             0.75, re.IGNORECASE, needs=r"(?:month|week)"),
        # A superlative needs no "one": "4 kids the youngest 3", "FIVE GRANDCHILDREN, ELDEST 19."
        Rule("eldest_then_age", rf"{_START}(?:the\s+)?(?:youngest|eldest|oldest)\s*,?\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b"
                                rf"{_NOT_AGE_AFTER}(?=\s*(?:[.,;!?\n]|$))", 0.75, re.IGNORECASE),
        # "a mum in benwell late 30s", "he's mid-forties": a hedged decade is a person's, not an
        # era's ("the late sixties", "in the early 2000s").
        Rule("decade_hedged", rf"(?<!\bthe\s)(?<![\w'’-])(?:early|mid|late)[\s-]+"
                              r"(?P<id>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[2-9]0['’]?s)\b",
             0.65, re.IGNORECASE, needs=r"(?i)(?:early|mid|late)[\s-]+\S*(?:ties|0['’]?s)\b"),
        # "bev's in her sixties now", "in his early 40s": a decade of someone's life.
        Rule("decade_of_life", rf"{_START}in\s+(?:his|her|their|my|your|our)\s+(?:(?:early|mid|late)[\s-]+)?"
                               r"(?P<id>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[2-9]0['’]?s)\b",
             0.7, re.IGNORECASE, needs=r"(?i)ties\b|0['’]?s\b"),
        Rule("birthday", rf"{_START}(?P<id>(?:\d{{1,2}}(?:st|nd|rd|th)|{ORDINAL_WORDS})\s+birthday)\b", 0.8, re.IGNORECASE,
             needs=r"(?i)birthday"),
        # A birthday named by its ordinal alone, someone's: "its my 20th on sat", "her 18th party",
        # "our Kyle's 21st do". Only what a birthday is followed by ("on" a day, a party, "next
        # week") makes it one: "my 3rd placement" is a count.
        Rule("whose_ordinal", rf"{_START}(?:my|his|her|their|your|our|[a-z]+['’]s)\s+"
                              rf"(?P<id>(?:[1-9]\d?(?:st|nd|rd|th))|{_BIRTHDAY_ORDINALS})"
                              rf"(?=\s+(?:on\s+(?:the\s+\d|(?:mon|tues?|wed|thu|thurs|fri|sat|sun)\b|\w+day\b)|party|do|bash|cake|tomorrow|today|next|coming|celebration|meal|"
                              rf"weekend|this\s+(?:week|weekend|month|year|saturday|sunday|friday))\b)",
             0.75, re.IGNORECASE, needs=r"(?:my|his|her|their|your|our|['’]s)\s+(?:\d{1,2}(?:st|nd|rd|th)|\w+teenth|twentieth|thirtieth|twenty[ -]first)\s"),
        # A stretch of someone's life given by ages: "in care himself from 12 till 16", "we were
        # never apart from like five till fifteen", "FROM SIXTEEN TILL I HAD OUR GERAINT", "from
        # like 14 I'm there every Saturday". Checked in validate (`_life_range`).
        Rule("from_age", rf"{_START}from\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b"
                         rf"(?=\s+{_TILL}\s+{_HEDGE}(?P<to>{AGE_NUMBER})\b{_NOT_AGE_AFTER}{_NOT_CLOCK}|"
                         rf"\s*[,.;]|\s+(?:{_TILL}|i|i'm|im|he|she|we|they|you)\b(?!\s+(?:\d|{NUMBER_WORDS}\b)))",
             0.7, re.IGNORECASE, needs=_FROM_NUMBER),
        Rule("till_age", rf"{_START}from\s+(?P<from>{_HEDGE}{AGE_NUMBER})\s+{_TILL}\s+{_HEDGE}(?P<id>{AGE_NUMBER})\b"
                         rf"{_NOT_AGE_AFTER}{_NOT_CLOCK}", 0.7, re.IGNORECASE, needs=_FROM_NUMBER),
        # A form's or a header's age field: "Age: 12", "AGE AT REFERRAL: 7", "child_age = 9",
        # "DOB / age:   2010-01-27 / 12 years". The field names the number as an age; a field for
        # a group's ages does not ("Age range: 12-16", "Average age: 41").
        Rule("field", rf"(?:^|[,;|][^\S\n]*|[ \t]{{2,}}|\t)[^\S\n]*(?!(?i:av(?:era)?ge?|mean|median|min|max)\b)(?:[A-Za-z'’]+[^\S\n_/]*[_/][^\S\n_/]*|[A-Za-z'’]+[^\S\n]+){{0,3}}"
                      rf"(?i:age)(?:[ \t_]+(?i:at|on|when|now|of)[ \t_]+[A-Za-z ]{{1,20}}?|[ \t]*\((?i:years|yrs|in years)\))?"
                      rf"[ \t]*[:=|][ \t]*(?:[^\n:]{{1,25}}?[ \t]/[ \t]*)?"
                      rf"(?P<id>\d{{1,3}})(?:[ \t]*(?i:years?|yrs?|months?|mths?))?(?![\w/.:-]|\.\d)", 0.85, re.MULTILINE,
             needs=r"(?i)(?:\bage|_age)\b[^:=|\n]{0,30}[:=|]"),
    )

    def find(self, text: str, doc=None) -> list[Detection]:
        found = super().find(text, doc) + self._birthday_today(text)
        seen = {(d.start, d.end) for d in found}
        new = found + self._answers(text, seen) + self._counted_lists(text, seen)
        found = list(new)
        # Ages found by their place in the talk can lead to more: an answer's list ("Six and
        # four"), a restatement of a restatement ("six? Seven?").
        for _ in range(CONTEXT_ROUNDS):
            new = self._lists(text, new, seen) + self._restated(text, new, seen)
            if not new:
                break
            found += new
        return drop_nested(found)

    # -- rules --------------------------------------------------------------------------------
    def validate(self, value, match, rule):
        text = match.string
        before = text[max(0, match.start() - 30):match.start()]
        groups = match.groupdict()
        be = (groups.get("be") or "").strip().lower()
        subject = (groups.get("subj") or "").lower()
        age = DECADES.get(value.lower()) or parse_age(value)
        if age is None or age > MAX_AGE:
            return None
        if _THRESHOLD.search(before.lower()) and (be not in _PAST or subject == "you" or age == AGE_OF_MAJORITY):
            return None   # "till I'm eighteen", "till you were eighteen": a threshold
        if rule.name == "years_old" and _COMPARISON.search(before.lower()):
            return None   # "reading at the level of an eight-year-old": nobody's age
        if groups.get("months") and be not in _PRESENT and not _AGE_CLAUSE_END.match(text, match.end()):
            return None   # "he was six months in hospital": a duration
        if subject in ("you", "youre", "who") and _GENERIC_YOU.search(before):
            return None   # "when you're 16 you get...": a rule
        if rule.name in ("they_are", "they_are_hedged") and _GENERIC_YOU.search(before):
            return None   # "once they're 18 they go to the adult service": a rule too
        if rule.name == "they_are" and be not in _PRESENT and _SENTENCE_CLOSES.match(text, match.end()):
            return None   # "They were six.": how many they were; "They're 6." is how old
        if rule.name == "subject_is" and not self._is_subject(groups["subj"], be, text, match.start()):
            return None
        if rule.name in ("bracketed", "bracketed_last") and not _BRACKET_OWNER.search(text, max(0, match.start() - 40), match.start()) \
                and not _BIRTH_DATE_OWNER.search(text, max(0, match.start() - 40), match.start()) \
                and not self._listed_in_capitals(_CAPITALS_OWNER.search(text, max(0, match.start() - 40), match.start())) \
                and not self._lower_owner(_LOWER_OWNER.search(text, max(0, match.start() - 40), match.start())):
            return None   # "(15)" after a name or a word for a person, not "page (15)"
        if rule.name == "name_then_age" and not self._is_name(groups.get("name"), "") \
                and groups["name"].lower() not in PERSON_NOUNS + ["person"]:
            return None
        if rule.name == "stated_age" and not _AGE_TALK.search(text, max(0, match.start() - AGE_TALK_WINDOW), match.start()) \
                and not _AGE_TALK.search(_sentence_rest(text, match.end())):
            return None   # "she said twelve": of what? Only where age is talked about, before or in the sentence
        if rule.name == "reached" and age > LOOSE_VERB_MAX and not _LIVED_TO.match(match.group(0)) and \
                not re.search(r"old|age", text[match.end():match.end() + 12]):
            return None
        if rule.name in ("from_age", "till_age") and not self._life_range(match, age):
            return None
        if rule.name == "age_then_was" and not opens_sentence(text, match.start(), _LEAD_INS):
            return None   # "the other three he was..." : only an age said as its own sentence
        if rule.name == "now_age" and not match.group(0).startswith("("):
            before = _WORD_BEFORE_COMMA.search(text, max(0, match.start() - 30), match.start() + 1)
            if not (before and self._is_name(before.group(1), "")):
                return None   # "three, now four, of the team": only after a name
        if rule.name == "at":
            clause = text[max(0, match.start() - 60):match.start()]
            if groups.get("months") and _SERVICE_AT.search(clause):
                return None   # "the one review at six months": when a service acts
            if age < AT_AGE_MIN and not groups.get("months") and not (_YOUNG_EVENT.search(clause) or _BETWEEN_COMMAS.search(text, match.end(), match.end() + 2)
                                         and clause.rstrip().endswith(",")):
                return None   # "at six": a clock time, unless a child's life event comes before
            if any(p.search(clause) for p in (_RULE_BEFORE_AT, _RANGE_BEFORE_AT, _NOBODY, _AT_RULE_VERB)) \
                    or _RULE_AFTER_AT.match(text, match.end()):
                return None   # "you can leave at sixteen", "at 18 you're out": a rule
        return rule.score

    def _birthday_today(self, text: str) -> list[Detection]:
        """A birthday's age: "FOURTEEN TODAY!", "she's nine today". Read back from each "today"
        (a pattern starting at every number would be tried at every word of every text)."""
        out = []
        for m in _TODAY.finditer(text):
            before = _AGE_BEFORE_TODAY.search(text, max(0, m.start() - 40), m.start())
            if before is None or not _TODAY_END.match(text, m.end()):
                continue
            age = parse_age(before.group("id"))
            if age is not None and age <= MAX_AGE:
                out.append(Detection(before.start("id"), before.end("id"), "AGE", before.group("id"), 0.75,
                                     self.NAME, rule="today"))
        return out

    def _life_range(self, match: re.Match, age: int) -> bool:
        """Whether "from N (till M)" is a stretch of someone's life: a range that rises and cannot
        be clock hours (a number past twelve), said of a person (a pronoun or a listed first name
        in its clause, or the turn opening with it), not the ages a service is for."""
        groups = match.groupdict()
        first, second = (groups.get("from"), match.group("id")) if "from" in match.re.groupindex \
            else (match.group("id"), groups.get("to"))
        numbers = [parse_age(re.sub(rf"(?i)^{_HEDGE}", "", n).strip()) for n in (first, second) if n]
        if None in numbers or max(numbers) < AT_AGE_MIN or (len(numbers) == 2 and numbers[0] >= numbers[1]):
            return False
        text = match.string
        line_start = text.rfind("\n", 0, match.start()) + 1
        clause = re.split(r"[.!?;]\s", text[max(line_start, match.start() - 80):match.start()])[-1]
        if _LIFE_RANGE_FOR.search(clause):
            return False
        after = re.split(r"[.!?;\n]", text[match.end():match.end() + 30])[0]
        lexicon = lexicon_of(self)
        return any(_LIFE_RANGE_PERSON.search(part) for part in (clause, " " + after)) or \
            any(lexicon.is_name(w.lower()) for w in re.findall(r"\b[A-Z][a-z]+\b", clause))

    def _lower_owner(self, owner: re.Match | None) -> bool:
        """Notes typed in lower case: "jt (15)", "tyreke m (16)", "lily (4)": a listed first name
        that is no everyday word, or initials that are no word, own the bracket."""
        g = self.lexicon
        if owner is None or g is None:
            return False
        word = owner.group(1)
        return (g.is_name(word) and not g.very_common(word)) or (len(word) <= 3 and not g.is_word(word))

    def _listed_in_capitals(self, owner: re.Match | None) -> bool:
        g = self.lexicon
        return owner is not None and g is not None and g.is_name(owner.group(1).lower())

    def _is_subject(self, word: str, be: str, text: str, start: int) -> bool:
        low = word.lower()
        if not be and low not in _FUSED_PRONOUNS:
            return low[:-1] in RELATIONS or low[:-1] in ("baby", "babie")   # "our kids 9", "the babys 18 month"
        if low in SUBJECT_WORDS:
            return True
        before = text[max(0, start - 12):start].split()
        if low == "one":   # "the older one would be nearly seventeen"
            return bool(before) and before[-1].lower() in ONE_ADJECTIVES
        if low in ONE_ADJECTIVES - {"other", "little", "big", "wee"}:   # "the oldest is forty-four"
            return bool(before) and before[-1].lower() in ("the", "my", "our", "his", "her", "their")
        return self._is_name(word, be)

    def _is_name(self, word: str | None, be: str) -> bool:
        """A Title-case word that is not an ordinary word, or a listed first name. Dialect "were"
        and lower-case or ALL-CAPS words need the first-name list ("our Kyle were nine", "mark's
        eleven"): "They were nine", "City were two nil up" are not ages."""
        if not word:
            return False
        low = word.lower()
        if low in NOT_A_NAME_EVER:
            return False
        g = self.lexicon
        titled = word[0].isupper() and not word.isupper()
        if g is None:
            return titled and be != "were" and low not in NOT_A_NAME
        if low in g.first_names:
            return True
        if not titled or be == "were":
            return False
        return (low in g.surnames or not g.is_word(low)) and low not in g.places and low not in NOT_A_NAME

    # -- the talk around a number -------------------------------------------------------------
    def _take(self, m: re.Match, rule: str, seen: set, out: list[Detection]) -> None:
        """Keep the number `m` found by its place in the talk, unless a unit, a noun or a label
        ("Year 9", "over 65") makes it something else, or it is already an age."""
        text, start, end = m.string, m.start(), m.end()
        age = parse_age(m.group(0))
        if (start, end) in seen or age is None or age > MAX_AGE or not _NOT_AGE.match(text, end) \
                or _NOT_AGE_BEFORE.search(text, max(0, start - 12), start):
            return
        seen.add((start, end))
        out.append(Detection(start, end, "AGE", m.group(0), CONTEXT_SCORES[rule], self.NAME, rule=rule))

    def _answers(self, text: str, seen: set) -> list[Detection]:
        """ "How old is he now?" / "MOTHER: Fifteen, yeah.": a number that opens one of the next
        turns answers the question."""
        out = []
        for q in _AGE_QUESTION.finditer(text):
            # Speech recognition runs question and answer together on one line, without a "?":
            # "how old are you if you don't mind 52 i was a driver".
            _, line_end = line_bounds(text, q.end())
            if "?" not in text[q.start():q.end()] and "?" not in text[q.end():line_end]:
                m = _NUMBER.search(text, q.end(), min(line_end, q.end() + SAME_LINE_ANSWER))
                if m and (_ENDS_UTTERANCE.match(text, m.end()) or _ANSWER_GOES_ON.match(text, m.end())):
                    self._take(m, "answer_to_how_old", seen, out)
            for i, (start, end) in enumerate(next_turns(text, q.end(), ANSWER_TURNS)):
                if i and _QUESTION_TURN.search(text, start, end):
                    break
                m = _NUMBER.search(text, start, end)
                if m and _LEAD_RUN.fullmatch(text, start, m.start()) and (
                        _ENDS_UTTERANCE.match(text, m.end()) or _ANSWER_GOES_ON.match(text, m.end())):
                    self._take(m, "answer_to_how_old", seen, out)
        return out

    def _counted_lists(self, text: str, seen: set) -> list[Detection]:
        """Children counted and their ages listed, as many as counted (`_COUNTED_LIST`), or ages
        listed before "they were"."""
        out: list[Detection] = []
        if " and " not in text and "&" not in text:
            return out
        for m in _COUNTED_LIST.finditer(text):
            ages = list(_NUMBER.finditer(text, m.start("ages"), m.end("ages")))
            if len(ages) == _COUNTS[m.group("count").lower()] and _COUNTED_PEOPLE.search(m.group("who")):
                for age in ages:
                    self._take(age, "counted_ages", seen, out)
        for they in _THEY_WERE.finditer(text):
            m = _AGES_THEY_WERE.search(text, max(0, they.start() - _LIST_REACH), they.end())
            if m is not None and m.end() == they.end() and opens_sentence(text, m.start(), _LEAD_INS):
                for age in _NUMBER.finditer(text, m.start("ages"), m.end("ages")):
                    self._take(age, "counted_ages", seen, out)
        return out

    def _lists(self, text: str, found: list[Detection], seen: set) -> list[Detection]:
        """ "they're six [and four]", "Yes, six [and four] at the time": the list goes on."""
        out = []
        for d in found:
            tail = _LIST_TAIL.match(text, d.end)
            if not tail:
                continue
            for m in _NUMBER.finditer(text, tail.start(), tail.end()):
                self._take(m, "list_of_ages", seen, out)
        return out

    def _restated(self, text: str, found: list[Detection], seen: set) -> list[Detection]:
        """An age said again or corrected close by: "He was ten at the time. Ten.", "i'd have been
        32 33", "I was, what, six? Seven?", "Thirty-five. Maybe thirty-six."."""
        out = []
        for d in found:
            value = parse_age(d.text)
            if value is None:
                continue
            # Within the same turn: on the next one it answers something else.
            _, line_end = line_bounds(text, d.end)
            for m in _NUMBER.finditer(text, d.end, min(line_end, d.end + RESTATE_WINDOW)):
                other = parse_age(m.group(0))
                if other is None or abs(other - value) > RESTATE_SPREAD:
                    continue
                adjacent = _FILLERS.fullmatch(text, d.end, m.start()) is not None
                alone = opens_sentence(text, m.start(), _LEAD_INS) and _ENDS_UTTERANCE.match(text, m.end())
                if adjacent or alone:
                    self._take(m, "restated", seen, out)
            # The next speaker echoes it: "and youre 67 now" / "67 68 in january", "shes 15?" /
            # "15 yeah".
            for start, end in next_turns(text, d.end, 1):
                m = _NUMBER.search(text, start, end)
                if m is None or not _LEAD_RUN.fullmatch(text, start, m.start()) \
                        or not _ENDS_UTTERANCE.match(text, m.end()) or _NUMBERED_ITEM.match(text, m.start()):
                    continue   # "6.   DECISIONS.": a numbered heading, not an echo
                other = parse_age(m.group(0))
                if other is not None and abs(other - value) <= RESTATE_SPREAD:
                    self._take(m, "restated", seen, out)
        return out
