"""Vehicle registrations (every style in use on UK and Irish roads) and fishing-boat numbers."""

import pytest

from anonymise.text.recognisers.boats import BoatRecogniser
from anonymise.text.recognisers.vehicles import VehicleRecogniser


@pytest.fixture(scope="module")
def rec(lexicon):
    return VehicleRecogniser(None, lexicon)


def _found(rec, text):
    return {(d.text, d.rule) for d in rec.find(text)}


def test_current_style_stands_alone_in_capitals(rec):
    assert _found(rec, "Van = white Vivaro, WU70 HBD. Flask of tea") == {("WU70 HBD", "current")}
    assert _found(rec, "blue Corsa, SG21VNP") == {("SG21VNP", "current")}
    # Letters the DVLA never issues, or an age identifier not yet used: not a plate.
    assert rec.find("code QU70 HBD") == [] and rec.find("code WU40 HBD") == []
    assert rec.find("code WU70 HQD") == []


def test_read_out_and_lower_case_need_a_vehicle_word(rec):
    assert _found(rec, "the car was a w u 7 0 h b d i think") == {("w u 7 0 h b d", "current_spoken")}
    assert _found(rec, "the van's reg is wu70 hbd") == {("wu70 hbd", "current")}
    assert rec.find("the code was wu70 hbd") == []
    # Capitals that are words and a date, even near "drove": no plate.
    assert rec.find("WE DROVE TO LEEDS ON 12 MAY AND BACK IN THE CAR ON THE A1 AND") == []


def test_older_styles_need_context(rec):
    assert _found(rec, "my first car was A123 BCD and then ABC 123D") == \
        {("A123 BCD", "prefix"), ("ABC 123D", "suffix")}
    assert rec.find("it was A123 BCD") == []


def test_northern_irish_and_irish_plates(rec):
    assert _found(rec, "a silver Skoda, reg KFZ 7183, that's me") == {("KFZ 7183", "northern_irish")}
    assert _found(rec, "KFZ 7183 was outside") == {("KFZ 7183", "northern_irish")}
    assert rec.find("KFA 7183 was outside") == []              # FA is no Northern Irish code
    assert _found(rec, "that old van, 131-MN-4472, he hasn't") == {("131-MN-4472", "irish")}
    assert _found(rec, "it was 08-D-12345 at the lights") == {("08-D-12345", "irish")}
    assert rec.find("it was 131-XY-4472") == []                # XY is no county


def test_boats_need_a_boat_word():
    rec = BoatRecogniser()
    text = "HE'S GOT A LITTLE TRAWLER OUT OF FLEETWOOD, THE BERNADETTE, FD 214, SO I'M LEARNING"
    found = rec.find(text)
    # the boat's name before its number is hers too
    assert [(d.text, d.cue) for d in found] == [("BERNADETTE", "TRAWLER"), ("FD 214", "TRAWLER")]
    assert rec.find("ROOM FD 214 ON THE SECOND FLOOR") == []
    assert rec.find("the boat was in bf 123") == []             # lower case: not port letters
