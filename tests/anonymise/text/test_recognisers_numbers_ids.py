from anonymise.text.recognisers.case_reference import CaseReferenceRecogniser
from anonymise.text.recognisers.nhs_number import NhsNumberRecogniser, nhs_check_ok
from anonymise.text.recognisers.ni_number import NiNumberRecogniser, ni_prefix_ok
from anonymise.text.recognisers.upn import UpnRecogniser, upn_check_letter


class Settings:
    case_reference_patterns = [r"SCR-\d{4}"]


def test_nhs_mod11():
    assert nhs_check_ok("9434765919")
    assert not nhs_check_ok("9434765918")
    assert {d.text for d in NhsNumberRecogniser().find("NHS no 943 476 5919")} == {"943 476 5919"}
    assert NhsNumberRecogniser().find("ref 943 476 5918") == []
    # A failing check digit still counts when someone says it is an NHS number.
    assert NhsNumberRecogniser().find("his NHS number is 943 476 5918")[0].score < 0.9


def test_ni_prefix_rules():
    assert ni_prefix_ok("AB123456C")
    assert not ni_prefix_ok("QQ123456C")    # Q may not start a NINO
    assert not ni_prefix_ok("AO123456C")    # O may not be second
    assert not ni_prefix_ok("GB123456A")    # reserved prefix
    assert {d.text for d in NiNumberRecogniser().find("NI: JH 12 34 56 B ok")} == {"JH 12 34 56 B"}
    assert NiNumberRecogniser().find("TN 12 34 56 A") == []


def _upn(body):
    return upn_check_letter(body) + body


def test_upn_check_letter():
    good = _upn("801200001001")
    assert {d.text for d in UpnRecogniser().find(f"pupil {good} left")} == {good}
    bad = ("B" if good[0] != "B" else "C") + good[1:]
    assert UpnRecogniser().find(f"code {bad}") == []


def test_case_references_by_context_shape_and_manifest():
    rec = CaseReferenceRecogniser(Settings())
    found = {d.text for d in rec.find("case number 123456, court ref NR19C00123 and SCR-2291, file LA/2019/0042")}
    assert {"123456", "NR19C00123", "SCR-2291", "LA/2019/0042"} <= found
    assert rec.find("section 20 and COVID-19 in 2019") == []


def test_pnc_check_letter():
    from anonymise.text.recognisers.police_numbers import pnc_check_ok
    # 22 and 0418731 read as 220418731, modulo 23 is 2: the second letter of ZABC...
    assert pnc_check_ok("22/0418731B") and pnc_check_ok("22/418731B") and pnc_check_ok("2022/0418731b")
    assert not pnc_check_ok("22/0418731K")
    assert not pnc_check_ok("2/0418731B") and not pnc_check_ok("22/12345678B")
