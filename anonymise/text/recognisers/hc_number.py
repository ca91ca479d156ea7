"""Northern Ireland Health and Care numbers: ten digits in the 320-399 block of the shared
health range, with the NHS number's modulus-11 check digit ("320 123 4567")."""

from __future__ import annotations

from anonymise.text.recognisers.nhs_number import HC, HC_RANGE, NhsNumberRecogniser


class HcNumberRecogniser(NhsNumberRecogniser):
    NAME = "hc_number"
    ENTITY = HC
    SERVICE = HC
    GUESSES_GROUPED = False
    CONTEXT = ("h&c", "h & c", "h and c", "health and care", "health & care", "hcn")

    def plausible(self, digits: str) -> bool:
        return int(digits[:3]) in HC_RANGE
