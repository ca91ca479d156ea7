import pytest

from anonymise.text.answers import read_answer
from manifests.errors import UserError

ANSWERS = {"keep": "keep", "not identifier": "not"}


@pytest.mark.parametrize("cell, answer", [
    ("keep", "keep"), ("  KEEP ", "keep"), ("Not   Identifier", "not"), ("", None), (None, None), ("   ", None),
])
def test_a_cell_is_read_as_a_spreadsheet_leaves_it(cell, answer):
    assert read_answer(cell, ANSWERS, "review.csv:3", "{value!r} is not an answer", "write keep") == answer


def test_an_unknown_answer_names_the_cell_and_what_to_write():
    with pytest.raises(UserError) as caught:
        read_answer("maybe", ANSWERS, "review.csv:3", "answer {value!r} is not known", "write keep")
    assert (caught.value.message, caught.value.location, caught.value.hint) == (
        "answer 'maybe' is not known", "review.csv:3", "write keep")
