"""Every score and threshold of the text pass, named, in one place.

A recogniser's score says how sure its rule is that a span is an identifier; below
REVIEW_THRESHOLD (or when the rule itself flags the span uncertain) the span is still
replaced but also listed for a reviewer. Scores also settle ties when two recognisers claim
the same span (resolve.py). Changing a value here changes every rule that uses it, which is
the point: a rule's confidence is a decision made once, not a literal repeated in code.

Word frequencies are Zipf values (log10 of occurrences per billion words, as in wordfreq):
about 3 for "teddy", 4.4 for "reading", 5.5 for "people".
"""

# ---------------------------------------------------------------- review
REVIEW_THRESHOLD = 0.5          # below this a replacement goes to the review file
CONFIDENT = 0.7                 # from this a finding is sure enough to spread to other mentions
CONTEXT_BOOST = 0.15            # added to a pattern's score when one of its context words is near

# ---------------------------------------------------------------- word frequency (Zipf)
ZIPF_ORDINARY = 3.0             # from here a word is an ordinary English word ("teddy", "grace")
ZIPF_RARE = 3.5                 # below this a word inside an organisation's name names it ("the grange community centre")
ZIPF_VERY_COMMON = 4.4          # so common ("will", "hope") that a capital alone proves little
ZIPF_NAME_OFTEN_WORD = 5.0      # names this common as words ("will") need more than a comma before them
ZIPF_TOO_COMMON = 5.5           # words this common ("people") are names only with a title
ZIPF_FUNCTION_WORD = 6.4        # function words ("the", "and", "for"): never inside a name

# ---------------------------------------------------------------- people (recognisers/persons.py)
PERSON_TITLE = 0.95             # "Mrs Patel", "Auntie Sharon"
PERSON_TITLE_MONTH = 0.9        # "Mr May": the title kept in the span so no keep list drops it
PERSON_TITLE_LOWER = 0.85       # "saw dr okafor"
PERSON_TITLE_LOWER_WORD = 0.7   # "mrs green", "reverend ash": a listed name that is also a word, after a lower-case title
PERSON_RELATION = 0.9           # "my mum Tracey", "a lad called Jayden"
PERSON_RELATION_LOWER = 0.75    # "my mum tracey": a lower-case first name that is no word
PERSON_RELATION_LOWER_WORD = 0.5   # "my brother guy": review
PERSON_NAMED_UNKNOWN = 0.7      # "a lad called lenny": a naming verb and a non-word
PERSON_SPACY = 0.8              # spaCy PERSON, trimmed to its name-shaped words
PERSON_SPACY_WORDS = 0.55       # spaCy PERSON made of ordinary words: review
PERSON_POSSESSIVE = 0.5         # "Liberty's mum rang": review
PERSON_UNKNOWN = 0.5            # an unlisted capitalised non-word mid-sentence: review
PERSON_UNKNOWN_FIRST = 0.85     # "Amadou Diallo": an unlisted word before a listed surname
PERSON_LIST_CONTEXT = 0.8       # an everyday-word name with a strong cue ("Rose said")
PERSON_LIST_WORD = 0.5          # an everyday-word name without one ("Rose was there"): review
PERSON_LIST_FULL = 0.9          # several listed name words ("Tracey Walsh")
PERSON_LIST_FIRST = 0.85        # a listed first name mid-sentence
PERSON_LIST_OPENING = 0.6       # a listed name opening a sentence, or a word-like one there
PERSON_LIST_SURNAME = 0.75      # a listed surname that is no word
PERSON_LOWER_FIRST = 0.65       # "then kayleigh said": a lower-case first name that is no word
PERSON_COORDINATED = 0.7        # "Mandy and harry"
PERSON_COORDINATED_WORD = 0.5   # "Mandy and grace": review
PERSON_LOWER_CLAUSE = 0.45      # "..., grace stayed with me": review
PERSON_LOWER_FRAME = 0.7        # "there's faith she's 19": a lower-case name told who it is next
PERSON_SPEAKER_LABEL = 0.9      # a speaker label that is a name ("Jordan:" on every turn)
PERSON_INITIALS = 0.8          # "S.B.", "J.McC": dotted initials that spell no abbreviation
PERSON_QUOTED_INITIAL = 0.8    # 'yp "C"': capitals in quotes after a word for a person
PERSON_INVERTED = 0.8          # "MUIR, ROBERT": a surname opening a register's line before a comma and a first name
PERSON_INVERTED_WORD = 0.55    # "BELL, WILLIAM": the same with a surname that is also a word: review
PERSON_FAMILY = 0.8            # "the Hendersons": a listed surname in the plural after 'the'
PERSON_ROLE_INITIALS = 0.8     # "(researcher OBF)": capitals after a role one person holds
PERSON_CONTEXT_INITIALS = 0.75 # "mtg w/ KP", "KP says": unlisted capitals where notes put a person
PERSON_LONE = 0.6              # "it was the partner. Dean.": a listed first name as a sentence of its own
PERSON_QUOTED_NAME = 0.8       # 'MRS DOROTHY THIRTLE ("DOLL")': another name in quotes in brackets after a name
PERSON_SPELLED = 0.85          # "D-A-N-I-E-L-L-E": a listed name spelled letter by letter
PERSON_NICKNAME = 0.8          # 'Scouse Tony', 'Ken the Milk': a nickname written as one
PERSON_LOWER_INITIALS = 0.5    # 'me and kj': lower-case consonants used as a name: review
PERSON_HEADER = 0.95            # a name or initials after "Interviewer:" in a header block

# ---------------------------------------------------------------- places (places.py, spacy_entities.py)
PLACE_LISTED = 0.85             # a listed town, county or authority, capitalised
PLACE_LISTED_LOWER = 0.6        # "in lowestoft": lower case after a locative word
PLACE_LISTED_WORD = 0.7         # a listed place that is also a word ("Deal"), capitalised mid-sentence
PLACE_LISTED_COMMON = 0.6       # a listed place that is a very common word ("Reading") after "in": review
SPACED_PLACE = 0.75             # "Sutton cold field", "in hands worth": words that joined spell a listed place
SPACED_PLACE_SOUND = 0.5        # "in darla stun": words that joined sound like one: review
ZIPF_SPACED_PIECE = 5.0         # a piece this common ("as", "his", "bit") is no piece of a misheard place
SPACED_PLACE_LETTERS = 0.85     # Jaro-Winkler of the joined pieces to the place they sound like
UNLISTED_PLACE = 0.7            # "a lot in Lochee": a capitalised non-word, no name, after "in", "near"
UNLISTED_PLACE_FROM = 0.45      # "came from Pollokshields", "out at Drumskinny": after "from" or "at" it may be a person: review
SPACY_PLACE_LISTED = 0.8        # spaCy place the gazetteer lists
SPACY_PLACE_CONTEXT = 0.7       # spaCy place after "in", "near", "a village called"
SPACY_PLACE_PREFIX = 0.75       # spaCy place starting with a listed place after a locative word
SPACY_PERSON_AS_PLACE = 0.75    # spaCy PERSON that reads as an unlisted place ("in Oulton Broad")
SPACY_OTHER = 0.55              # any other spaCy place or organisation: review

# ---------------------------------------------------------------- organisations and addresses
ORGANISATION_NAMED = 0.85       # "<Name> Primary School", "<Name> Hospital"
ORGANISATION_OTHER = 0.75       # "<Name> Centre", "<Name> Ltd", "<Name> House" (a children's home)
ORGANISATION_CLUB = 0.8         # "Forfar Athletic", "Dundonald FC", "Grimsby Town" (after a listed place)
PUB_NAMED = 0.7                 # "the Black Horse", "the Eagle and Hawk": the shape of a pub's name
PUB_LOWER = 0.45                # "at the black horse" in lower case: review
CLUB_NICKNAME = 0.6             # "the Gills", "a vale supporter": a club's nickname with talk of the sport near
VENUE_THE = 0.45                # "from the Crown in Sandbach": a capital after a lower-case "the": review
POSSESSIVE_BUSINESS = 0.6       # "a job at BIBBY'S on Great Howard Street": a firm named for its owner, after "at"
SIGNATURE_FIELD = 0.75          # "Family Threads" on its own line above "T: 01900 ...": a signature's organisation
BARE_NAME = 0.45                # lower case: "here at phoenix", a bare word after "at" no set phrase explains: review
ORGANISATION_SAINT = 0.7        # "St Jude's", "St Mary Magdalene": a school, church or hospital named for a saint
COUNCIL = 0.9                   # "Norfolk County Council", "London Borough of Hackney"
CHARITY_LISTED = 0.8            # a listed charity's name
CHILDRENS_HOME_THE = 0.65       # "I was at The Junipers"
ADDRESS_HOUSE_STREET = 0.95     # "12 Elm Road"
ADDRESS_HOUSE_OTHER = 0.9       # "35 Marian Overpass", "4 Beech House"
STREET = 0.85                   # "Elm Road"
STREET_WEAK = 0.6               # "Rose Hill", "Castle Park": street-like but also parks or hills
STREET_NAMED = 0.6              # "Hodgson Plain": a name before a rarer street type
STREET_LOWER = 0.5              # "we live on mill lane": review

# ---------------------------------------------------------------- given and spread
KNOWN = 1.0                     # a manifest's known identifier
PROPAGATED = 0.75               # another mention, in the same text, of a confident finding
# A listed place named in a list with a place found ("stoke, leek, crewe"): replaced, but below
# CONFIDENT, so "brought leek" elsewhere stays a vegetable.
PLACE_IN_A_LIST = 0.65
PLACE_IN_A_LIST_UNLISTED = 0.45  # a capitalised word listed with a place ("Normanton and Arboretum"): review
AGE_BESIDE_PERSON = 0.7          # "JW (11, Y6)", "Wójcik, polish, fifty-three": a lone number right after a person found
NICKNAMED = 0.6                  # "me mate big col", "BIG TUCKER": a nickname word and a listed name
DESCRIBED_NAME = 0.65            # "Jaspers, the cafe on the Barbican": a name and what kind of place it is
LANDMARK = 0.8                   # "Flamingo Land", "molineux", "the angel of the north": a listed landmark
LANDMARK_PHRASE = 0.55           # "Central Park" capitalised mid-sentence: a listed landmark that is also a phrase
CALLED_NAME = 0.65               # "a fella we called the Bishop", "called him Shaky": a name given in the talk
LOCATIVE_NAME = 0.7              # "we was in heath town", "at bay view medical centre": a locative, words, a head word, uncased
LOCATIVE_THE_NAME = 0.42         # "from the horizon team": the same after "the", which ordinary nouns follow too: review, below a venue
PROPAGATED_LOWER = 0.7         # in lower-case text, another mention of a name the text established
PROPAGATED_SOUND_ALIKE = 0.6   # lower-case text: a rare word sounding like a name found there ("shorn"): review
PROPAGATED_WORD_NAME = 0.7      # another capitalised use of an everyday-word name found surely
PROPAGATED_WORD_NAME_MAYBE = 0.45   # ... of one found only for review: review too
KEPT_POSSESSIVE_BELOW = 0.9     # "McDonald's": a kept brand wins over a finding scoring below this
