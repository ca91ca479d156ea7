"""Social-media handles and hashtags that name someone.

- "@jade_xo", "@demi.g15x": an @ opening a word (not inside an e-mail address);
- "andrei_cta", "tobi.dn": a name joined by underscores or dots, near a platform word;
- "on insta as hopelessrobbo": a word that is no ordinary word after a platform;
- "jade underscore xo", "at sunny dot j 09": said aloud (an underscore is a handle anywhere,
  dots only near a platform word);
- "#JusticeForKyle", "hashtag justice for deano": a hashtag whose words include a name or a
  word no dictionary knows; "#fostering" and "hashtag carers week" stay.
"""

from __future__ import annotations

import re

from anonymise.text.detection import Detection
from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.cued import CuedRecogniser
from anonymise.text.recognisers.spoken import (
    FUNCTION_WORD_ZIPF,
    LABEL,
    NEEDS_JOINER,
    SP,
    TLD,
    TRAILING_NUMBER,
)

PLATFORMS = ("insta", "instagram", "tiktok", "tik tok", "snap", "snapchat", "twitter", "facebook",
             "fb", "threads", "youtube", "twitch", "discord", "bluesky", "whatsapp", "on x")
CONTEXT_WORDS = PLATFORMS + ("account", "handle", "username", "user name", "profile", "follow",
                             "followers", "dm", "add me", "page",
                             # a forum's post header: "#2  tee_m  [member since 2021 | 1,032 posts]"
                             "posted", "posts", "member since", "moderator", "replied", "forum")
_PLATFORM_WORDS = frozenset(w for p in PLATFORMS for w in p.split())
_PLATFORM = "|".join(sorted((re.escape(p).replace(r"\ ", r"\s") for p in PLATFORMS), key=len, reverse=True))
# Both platform rules read only texts that name a platform (one shared search per text).
_NEEDS_PLATFORM = rf"(?:{_PLATFORM})\b"
# Words between a platform and the handle: "on insta as ...", "my snap's ...", "tiktok, it's ...".
_LEAD_IN = (r"(?:['’]s)?(?:(?:[^\S\n]|[,:-])+(?:is|as|it's|it’s|its|i'm|i’m|im|name|handle|account|username|"
            r"page|group|called|me|it))*(?:[^\S\n]|[,:-])+")
# A dotted name ending in one of these is a file, not a handle ("notes_final.docx").
FILE_EXTENSIONS = frozenset("doc docx pdf txt rtf odt csv xls xlsx sav dta jpg jpeg png gif mp3 mp4 m4a wav html zip".split())
# Chat words that follow a platform without being a handle ("on snap tbh").
CHAT_WORDS = frozenset("lol lmao tbh innit omg idk ngl rn fr btw imo aswell anyway though".split())
# A word in a hashtag names someone when it is a listed name rarer than this (Zipf), or no
# dictionary word at all; "hope" and "grace" are names but mostly ordinary words.
NAME_ZIPF = 4.0
SHORT_PIECE_ZIPF = 5.0
# A word no list knows names someone only from this length: shorter ones are abbreviations.
UNKNOWN_MIN = 5
# How many words a spoken hashtag may run to ("hashtag justice for deano"), and the words that
# end it ("... on facebook", "... and it went").
SPOKEN_HASHTAG_WORDS = 5
HASHTAG_ENDS = frozenset("""on and or but so then it it's is was which that who because cos when
where if in at from with went started""".split())


def _lexicon(lexicon):
    if lexicon is not None:
        return lexicon
    from anonymise.text.lexicon import load

    return load()


def hashtag_words(tag: str, lexicon) -> list[str] | None:
    """The words of a hashtag: split at capitals, digits and underscores ("JusticeForKyle"), or,
    written all in one case, the fewest dictionary words or names that make it up
    ("justiceforkyle" -> justice for kyle); None when no such split exists."""
    parts = re.findall(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|\d+", tag)
    if len(parts) > 1 or tag.isupper():
        return parts
    return segment(tag.lower(), lexicon)


def segment(word: str, lexicon) -> list[str] | None:
    """Fewest-pieces split of a lower-case run into words or names (ties: more frequent words)."""
    n = len(word)
    best: list[tuple[int, float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0.0, [])
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end):
            if best[start] is None:
                continue
            piece = word[start:end]
            if len(piece) < 3:
                # Short pieces only if everyday ("be", "my", "of"): rare ones ("os") would let
                # any run of letters be split into words.
                if lexicon.zipf(piece) < SHORT_PIECE_ZIPF:
                    continue
            elif not (lexicon.is_word(piece) or lexicon.is_name(piece)):
                continue
            count, freq, pieces = best[start]
            cand = (count + 1, freq - lexicon.zipf(piece), pieces + [piece])
            if best[end] is None or cand[:2] < best[end][:2]:
                best[end] = cand
    return best[n][2] if best[n] is not None else None


def names_someone(word: str, lexicon) -> bool:
    """A hashtag word that points at a person: a listed name that is not a common word, or a
    word no list knows ("deano"). Acronyms ("NHS"), short chat abbreviations ("tbt", "ootd"),
    numbers, platforms, places and keep terms (days, festivals, countries) do not."""
    if word.isdigit() or (word.isupper() and len(word) > 1):
        return False
    low = word.lower()
    if low in _PLATFORM_WORDS or low in lexicon.keep or low in lexicon.places:
        return False
    if lexicon.is_name(low) and lexicon.zipf(low) < NAME_ZIPF:
        return True
    return len(low) >= UNKNOWN_MIN and not lexicon.is_word(low) and not lexicon.is_name(low)


# An account name in a post's header is a run of words no dictionary has ("thekettleryde"); a
# word as common as this is the header's other field.
HEADER_WORD_ZIPF = 2.5


# A handle read out: "jade underscore xo", "at our say underscore hull" (the @ said as "at", a
# name of two words before the first joiner), "hope underscore m x x", "tee jay underscore c r 7"
# (letters and figures said one by one after a label; not "i" or "a", which are talk).
_SAID_PIECE = r"(?:(?![ia]\b)[a-z]\b|\d{1,3}\b)"
_SPOKEN_HANDLE = (rf"(?:at{SP}+(?=(?:{LABEL}{SP}+)?{LABEL}{SP}underscore\b)(?:{LABEL}{SP}+)?)?{LABEL}"
                  rf"(?:{SP}(?:underscore|dot){SP}{LABEL}(?:{SP}{_SAID_PIECE}){{0,3}})+(?:{TRAILING_NUMBER})?")


class HandleRecogniser(CuedRecogniser):
    NAME = "handle"
    ENTITY = "HANDLE"
    CONTEXT = CONTEXT_WORDS
    CONTEXT_BEFORE = 50
    RULES = (
        Rule("at_sign", r"(?<![\w.+@-])(?P<id>@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)", 0.85),
        Rule("joined", r"(?<![\w@./#-])(?P<id>[A-Za-z0-9]+(?:[_.][A-Za-z0-9]+)+_*)(?![\w@/-]|\.\w)", 0.7,
             needs_context=True),
        # A post's or story's header line: the account, a middle dot, then when or what
        # ("thekettleryde · Sat 8 November", "jaxx.w__ · story · 18/11"), as the platforms show them.
        Rule("post_header", r"(?m)^[^\S\n]*(?P<id>[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)[^\S\n]+·[^\S\n]", 0.75,
             needs="·"),
        Rule("after_platform", rf"\b(?:{_PLATFORM}){_LEAD_IN}(?P<id>[a-z0-9][a-z0-9_]*[a-z0-9])\b(?!\.\w)", 0.7,
             re.IGNORECASE, needs=_NEEDS_PLATFORM),
        # "shaycr_ on TikTok", "jaz_99 on snap": a name with an underscore or figures, then its platform.
        Rule("before_platform", rf"(?<![\w@./#-])(?P<id>(?=[A-Za-z0-9_.]*[A-Za-z])(?=[A-Za-z0-9_.]*[_\d])"
                                rf"[A-Za-z0-9_][A-Za-z0-9_.]*)(?=[^\S\n]+on[^\S\n]+(?:{_PLATFORM})\b)", 0.75,
             re.IGNORECASE, needs=_NEEDS_PLATFORM),
        Rule("spoken", rf"(?<![\w'-])(?P<id>{_SPOKEN_HANDLE})\b", 0.8, re.IGNORECASE, needs=NEEDS_JOINER),
        Rule("hashtag", r"(?<![\w&#])(?P<id>#[A-Za-z][A-Za-z0-9_]*)", 0.8),
    )

    def validate(self, value, match, rule):
        text = match.string
        if rule.name == "at_sign":
            body = value[1:]
            if not re.search(r"[A-Za-z]", body) or re.fullmatch(r"\d+(?:am|pm)", body, re.IGNORECASE):
                return None   # "@10am", "@2": shorthand for "at"
            return rule.score
        lexicon = _lexicon(self.lexicon)
        if rule.name == "joined":
            if self._opens_line(text, match.start("id")):
                return None   # "resp_044, ...": a respondent label opening its line, not a handle
            if not re.search(r"[A-Za-z]", value) or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", value, re.IGNORECASE):
                return None   # "1.5", "e.g", "i.e"
            if "." in value and value.rsplit(".", 1)[1].lower() in FILE_EXTENSIONS:
                return None
            return rule.score
        if rule.name == "post_header":
            if not re.search(r"[\d_.]", value) and lexicon.zipf(value.lower()) >= HEADER_WORD_ZIPF:
                return None   # "Story · 2d", "Monday · 3 likes": a word, not an account
            return rule.score
        if rule.name == "after_platform":
            low = value.lower()
            if low in CHAT_WORDS or not (re.search(r"[\d_]", low) or names_someone(low, lexicon)):
                return None   # "on insta yesterday", "on snap tbh", "Facebook page"
            return rule.score
        if rule.name == "spoken":
            lowered = value.lower()
            if lowered.startswith("at ") and " underscore " in lowered:
                return rule.score   # "at our say underscore hull": the @ said aloud, the name's words after it
            if lexicon.zipf(lowered.split()[0]) >= FUNCTION_WORD_ZIPF:
                return None   # "with the underscore": talk about a handle, not one
            if " underscore " in lowered:
                return rule.score
            if re.search(rf"\s(?:dot|point)\s{TLD}$", lowered) or not self.has_context(text, match.start(), match.end()):
                return None   # "x dot com" is a web address; bare dots need a platform
            return rule.score
        if rule.name == "hashtag":
            # A tag no split explains is judged whole ("#deanosarmy").
            words = hashtag_words(value[1:], lexicon) or [value[1:]]
            if any(names_someone(w, lexicon) for w in words):
                return rule.score
            return None
        return rule.score

    @staticmethod
    def _opens_line(text: str, start: int) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        return not text[line_start:start].strip()

    def find(self, text, doc=None):
        return super().find(text, doc) + self._spoken_hashtags(text)

    def _spoken_hashtags(self, text: str) -> list[Detection]:
        """ "hashtag justice for deano on facebook": the words after "hashtag" up to the last
        one that names someone; nothing if none does ("hashtag blessed")."""
        lexicon = _lexicon(self.lexicon)
        out = []
        for m in re.finditer(rf"\bhashtag((?:(?:[^\S\n]|,)+[a-z'’]+){{1,{SPOKEN_HASHTAG_WORDS}}})", text, re.IGNORECASE):
            end = None
            for w in re.finditer(r"[a-z'’]+", m.group(1), re.IGNORECASE):
                word = re.sub(r"['’]s$", "", w.group(0))
                if w.group(0).lower() in HASHTAG_ENDS:
                    break
                if names_someone(word, lexicon):
                    end = m.start(1) + w.start() + len(word)
            if end is not None:
                out.append(Detection(m.start(), end, self.ENTITY, text[m.start():end], 0.8, self.NAME,
                                     rule="spoken_hashtag"))
        return out
