"""Scottish CHI (Community Health Index) numbers: the holder's date of birth DDMMYY, four more
digits, the last a modulus-11 check digit, as NHS numbers have ("160304 4471", "1603044471")."""

from __future__ import annotations

from anonymise.text.recognisers.nhs_number import CHI, NhsNumberRecogniser, chi_date_ok


class ChiNumberRecogniser(NhsNumberRecogniser):
    NAME = "chi_number"
    ENTITY = CHI
    SERVICE = CHI
    GUESSES_GROUPED = False
    CONTEXT = ("chi", "chi number", "chi no", "community health index", "community health number")

    def plausible(self, digits: str) -> bool:
        # Said to be a CHI number but the check digit is wrong: still needs a date of birth.
        return chi_date_ok(digits)
