"""Named GP surgeries, medical and health centres."""

from anonymise.text.recognisers.named import NamedOrganisation


class GpSurgeryRecogniser(NamedOrganisation):
    NAME = "uk_gp_surgery"
    ENTITY = "GP_SURGERY"
    CONTEXT = ("gp", "doctor", "doctors", "surgery", "registered")
    SUFFIXES = (r"(?i:(?:Doctors['’]?\s+)?Surgery|Medical\s+(?:Centre|Center|Practice|Group)|"
                r"Health\s+(?:Centre|Center|Practice)|Family\s+Practice|Group\s+Practice)")
