"""Initials and particles before a surname found alone join the name (name_edges.py)."""

from anonymise.text.detection import Detection
from anonymise.text.name_edges import widen


def _person(text: str, name: str) -> Detection:
    start = text.index(name)
    return Detection(start, start + len(name), "PERSON", name, 0.8, "uk_person", rule="listed_surname")


def test_initials_and_particles_before_a_surname_join_it():
    for text, found, whole in [("Signed: S. Ní Bhriain (Chair)", "Bhriain", "S. Ní Bhriain"),
                               ("PC 2291 D. ap Rhys, Coordinator", "Rhys", "D. ap Rhys"),
                               ("MINUTES TAKEN BY J. E. PRIESTLEY, SECRETARY", "PRIESTLEY", "J. E. PRIESTLEY")]:
        (d,) = widen(text, [_person(text, found)])
        assert d.text == whole and text[d.start:d.end] == whole and d.rule == "listed_surname"
        assert "initials" in d.cue


def test_lower_case_letters_are_initials_only_where_the_text_is_uncased_and_they_stand_for_no_word():
    text = "advocate g mcgovern and thank u ruth and it s kelly"
    everything = [(0, len(text))]
    names = [_person(text, w) for w in ("mcgovern", "ruth", "kelly")]
    assert [d.text for d in widen(text, names, everything)] == ["g mcgovern", "ruth", "kelly"]
    assert [d.text for d in widen(text, names)] == ["mcgovern", "ruth", "kelly"]   # cased: a lone letter is no initial


def test_a_label_letter_and_initials_already_found_stay_as_they_are():
    text = "Q. WHO WAS THERE?\nA. KAYLA WAS.\nQ. AND THEN?\nA. NOBODY."
    (d,) = widen(text, [_person(text, "KAYLA")])
    assert d.text == "KAYLA"
    text = "HE'S ON THE Y.T.S. AT THE DEPOT"
    start = text.index("T.S.")
    initials = Detection(start, start + 4, "PERSON", "T.S.", 0.75, "propagation", rule="initials")
    assert widen(text, [initials]) == [initials]


def test_a_place_after_a_persons_initials_is_that_persons_surname():
    text = "THE LETTER WAS SIGNED BY REV. T. H. CATHCART OF THE PARISH. She moved to S. Wales."
    places = [Detection(text.index(w), text.index(w) + len(w), "PLACE", w, 0.85, "uk_place_gazetteer",
                        rule="listed_place") for w in ("CATHCART", "Wales")]
    cathcart, wales = widen(text, places)
    assert (cathcart.type, cathcart.text) == ("PERSON", "T. H. CATHCART")
    assert (wales.type, wales.text) == ("PLACE", "Wales")   # a compass point's letter is no initial
