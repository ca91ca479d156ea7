"""Template rendering keeps exact offsets; voices give names, dates and ages in their usual shapes."""

import datetime as dt
import random

import pytest

from deposit.demo.cast import World, fold
from deposit.demo.render import expand_alternatives, render
from deposit.demo.transcripts import fragments, with_opener
from deposit.demo.voice import Voice, write_date


def table(slot, variant):
    return {"name": [("Kayleigh", "PERSON")], "title": [("Mrs ", None), ("Patel", "PERSON")],
            "day": [("Tuesday", None)]}[slot]


def test_spans_point_at_the_inserted_values():
    out = render("[So|Well], {name}'s review with {title:x} was on {day}.", table, random.Random(0))
    assert [(out.text[s.start:s.end], s.type) for s in out.spans] == [("Kayleigh", "PERSON"), ("Patel", "PERSON")]
    assert "Tuesday" in out.text and "Mrs Patel" in out.text


def test_brackets_without_a_bar_are_text():
    assert expand_alternatives("[laughs] [00:12:31] [a|a]", random.Random(1)) == "[laughs] [00:12:31] a"


def test_opener_keeps_capitals_of_names_and_i():
    assert with_opener("Well, ", "I think so.") == "Well, I think so."
    assert with_opener("Well, ", "Mum came.") == "Well, Mum came."
    assert with_opener("Well, ", "The plan changed.") == "Well, the plan changed."
    assert with_opener("Well, ", "{cap_she} left.") == "Well, {she} left."


@pytest.fixture(scope="module")
def world():
    return World(1)


def test_every_template_slot_resolves(world):
    """A typo in a fragment file would otherwise only show up as a crash at full scale."""
    case = world.cases[0]
    voice = Voice(case, random.Random(0), dt.date(2013, 10, 1), others=["Sam"], me=case.sw)

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)
        elif isinstance(node, str):
            yield node

    count = 0
    for template in walk(fragments()):
        for seed in range(3):   # alternatives may hide slots
            out = render(template, voice, random.Random(seed))
            for span in out.spans:
                assert out.text[span.start:span.end].strip() == out.text[span.start:span.end]
        count += 1
    assert count >= 400


def test_hand_written_templates_are_many_and_distinct():
    frag = fragments()
    answers = [t for group in frag["answers"].values() for topic in group.values() for t in topic]
    assert len(set(answers)) == len(answers) >= 250


def test_date_shapes():
    day = dt.date(2013, 3, 3)
    rng = random.Random(0)
    assert write_date(day, rng, "words") == "the third of March"
    assert write_date(day, rng, "long_ord") == "3rd March 2013"
    assert write_date(day, rng, "slash") == "03/03/2013"


def test_cp1252_voice_folds_letters_the_code_page_lacks(world):
    assert fold("Małgorzata Wiśniewski", "cp1252") == "Malgorzata Wisniewski"
    assert fold("Renée Ó Briain", "cp1252") == "Renée Ó Briain"


def test_ages_agree_with_the_date_of_birth(world):
    case = world.cases[5]
    day = dt.date(2013, 10, 1)
    voice = Voice(case, random.Random(0), day)
    [(text, kind)] = voice("age", "hyph")
    assert kind == "AGE" and text.endswith("-year-old")
    assert case.age_on(day) == day.year - case.dob.year - ((day.month, day.day) < (case.dob.month, case.dob.day))


def test_world_has_122_cases_in_four_areas(world):
    assert len(world.cases) == 122
    assert [sum(c.la is la for c in world.cases) for la in world.authorities] == [30, 30, 30, 32]
    assert len({c.case_id for c in world.cases}) == 122
    names = {c.child.first for c in world.cases}
    assert names & {"Hope", "Rose", "Grace", "Faith", "Joy", "Summer", "Holly", "Ruby", "Amber", "Daisy", "Poppy", "Autumn",
                    "Rocky", "Hunter", "Mason", "Bill", "Will", "Frank"}, "some children should have word-names"
    assert any("-" in c.child.last or "-" in c.mum.last for c in world.cases), "double-barrelled surnames expected"


def test_fragment_files_have_no_duplicate_keys():
    """YAML quietly keeps the last of two equal keys, which would drop a whole block of templates."""
    from importlib import resources

    import yaml

    from deposit.demo.transcripts import FRAGMENT_FILES

    class Strict(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
            assert len(keys) == len(set(keys)), f"duplicate key in {node.start_mark}"
            return super().construct_mapping(node, deep)

    for name in (*FRAGMENT_FILES, "notes.yaml", "gazetteer.yaml"):
        yaml.load(resources.files("deposit.demo").joinpath("fragments", name).read_text("utf-8"), Loader=Strict)
