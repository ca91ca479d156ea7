"""Places and organisations through the whole detector."""


def test_towns_counties_and_local_authorities(found):
    got = found("We moved from Lowestoft to Great Yarmouth in Norfolk, then Tower Hamlets.")
    assert {("Lowestoft", "TOWN"), ("Great Yarmouth", "TOWN"), ("Norfolk", "COUNTY")} <= got
    assert any(t == "Tower Hamlets" for t, _ in got)


def test_ambiguous_place_words_need_context(found_texts):
    assert "Reading" not in found_texts("Reading is hard for him.")
    assert "reading" not in found_texts("he loves reading")
    assert "Reading" in found_texts("they moved to Reading last year")


def test_organisations_by_type(found):
    got = found("Norfolk County Council placed her at St Mary's Primary, then Ormiston Victory Academy. "
                "Norwich Family Court heard it; she was born at the James Paget University Hospital, "
                "registered at Bridge Road Surgery, lived at Willow House and went to the Oak Trust.")
    types = {t: k for t, k in got}
    assert types.get("Norfolk County Council") == "LOCAL_AUTHORITY"
    assert types.get("St Mary's Primary") == "SCHOOL"
    assert types.get("Ormiston Victory Academy") == "SCHOOL"
    assert types.get("Norwich Family Court") == "COURT"
    assert types.get("James Paget University Hospital") == "HOSPITAL"
    assert types.get("Bridge Road Surgery") == "GP_SURGERY"
    assert types.get("Willow House") == "CHILDRENS_HOME"
    assert types.get("Oak Trust") == "CHARITY"


def test_generic_references_stay(found_texts):
    got = found_texts("The court and the school said the Family Court and the local authority "
                      "would use section 20 at Christmas and Eid, last week on Monday.")
    assert got == set()


def test_addresses_and_streets(found):
    got = found("She lives at 12 Elm Road, Lowestoft NR32 4TT, near Mill Lane on the Mile Cross Estate. "
                "We went down the High Street.")
    assert ("12 Elm Road", "ADDRESS") in got
    assert ("Mill Lane", "STREET") in got
    assert ("NR32 4TT", "POSTCODE") in got
    assert any(t.startswith("Mile Cross") for t, _ in got)
    assert not any("High Street" in t for t, _ in got)


def test_school_and_office_forms(found):
    got = found("He moved up to Sprowston High and I work at the Beeston Area Office. "
                "When I was at The Junipers it was better.")
    assert ("Sprowston High", "SCHOOL") in got
    assert any(t == "Beeston Area Office" for t, _ in got)
    assert any(t == "The Junipers" for t, _ in got)


def test_uncommon_street_types_after_a_house_number_or_a_name(found):
    got = found("The carers moved to 35 Marian Overpass, then to 121 Watkins Radial. "
                "Her nan is on Hodgson Plain.")
    assert ("35 Marian Overpass", "ADDRESS") in got
    assert ("121 Watkins Radial", "ADDRESS") in got
    assert ("Hodgson Plain", "STREET") in got


def test_street_type_words_alone_are_not_streets(found):
    # "Salisbury Plain" may be a place (spaCy's, held up by the town inside it), never a street.
    got = found("At 16 Social Services took him. We walked on Salisbury Plain. It was a Rest day.")
    assert not {"16 Social Services", "Rest day"} & {t for t, _ in got}
    assert not [t for t, kind in got if kind in ("STREET", "ADDRESS")]


def test_short_forms_of_long_place_names(found):
    got = found("She was placed in Thornaby, then moved to Clacton.")
    assert {("Thornaby", "TOWN"), ("Clacton", "TOWN")} <= got


def test_two_organisations_joined_by_and_stay_two(found):
    got = found("It went between Lowestoft Family Court and Ipswich Crown Court.")
    assert {("Lowestoft Family Court", "COURT"), ("Ipswich Crown Court", "COURT")} <= got
    got = found("She went to Rainbow Nursery and Little Acorns Pre-School.")
    assert {("Rainbow Nursery", "SCHOOL"), ("Little Acorns Pre-School", "SCHOOL")} <= got
    got = found("We were at the High Street Surgery and Norwich Family Court.")
    assert {("High Street Surgery", "GP_SURGERY"), ("Norwich Family Court", "COURT")} <= got
    # "and" inside one name, not after an organisation word, still joins.
    assert ("Norfolk and Norwich University Hospital", "HOSPITAL") in \
        found("She was born at the Norfolk and Norwich University Hospital.")


def test_places_outrank_person_readings(found):
    assert ("Manchester", "TOWN") in found("Manchester was great.")
    assert ("Chester", "TOWN") in found("He was in Chester last year.")
    assert ("Wrentham", "TOWN") in found("We lived in a village called Wrentham.")
    assert ("Sutton-in-Ashfield", "TOWN") in found("Her nan lives in Sutton-in-Ashfield.")
    assert ("Carlton Colville", "PLACE") in found("We went to Carlton Colville.")
    assert ("Oulton Broad", "PLACE") in found("They're in Oulton Broad now.")
    # A person after a naming word stays a person, a place name or not.
    assert ("Chester", "PERSON") in found("A lad called Chester came.")
    assert ("Amadou Smith", "PERSON") in found("I spoke to Amadou Smith.")


def test_place_spellings_without_apostrophes_or_hyphens(found, lexicon):
    assert lexicon.place_key("kings lynn") == "king's lynn"
    assert lexicon.place_key("stoke on trent") == "stoke-on-trent"
    assert ("Kings Lynn", "TOWN") in found("The Priory Hospital and Kings Lynn were both far.")


def test_sentence_adverbs_are_not_part_of_an_organisation(found_texts):
    got = found_texts("Later the OAKWOOD PRIMARY SCHOOL staff called. Eventually Oakwood Primary moved her.")
    assert {"OAKWOOD PRIMARY SCHOOL", "Oakwood Primary"} <= got


def test_a_place_that_starts_with_a_listed_place_is_one_place(found):
    got = found("She's in foster care in Thorpe St Andrew, near Norwich.")
    assert ("Thorpe St Andrew", "PLACE") in got
    assert not any(t == "Andrew" for t, _ in got)


def test_a_title_before_a_street_word_is_a_person(found):
    got = found("The guardian, Miss Lane, rang me. We live on Mill Lane.")
    assert ("Lane", "PERSON") in got and ("Mill Lane", "STREET") in got
    assert not any(t == "Miss Lane" for t, _ in got)


def test_firm_of_founders_is_one_organisation_whatever_the_case():
    # A typescript in capitals gives the surnames that are words ("GREAVES") no capital of their
    # own: the firm is read whole from its shape, so no half of it leaks.
    from anonymise.text.recognisers.firms import FirmRecogniser

    rec = FirmRecogniser()
    for text, firm in (("I WENT BEATING FOR SAVAGE AND BROWNE IN THEIR NET STORE.", "SAVAGE AND BROWNE"),
                       ("She was taken on at Halkett and Blyth in Kirkcaldy.", "Halkett and Blyth")):
        found = rec.find(text)
        assert [(d.text, d.type, d.rule) for d in found] == [(firm, "ORGANISATION", "surnames")]
    assert rec.find("I was out with John and Mary on the Saturday.") == []
