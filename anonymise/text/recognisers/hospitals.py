"""Named hospitals and infirmaries ("Norfolk and Norwich University Hospital", "St Thomas'")."""

from anonymise.text.recognisers.named import NamedOrganisation


class HospitalRecogniser(NamedOrganisation):
    NAME = "uk_hospital"
    ENTITY = "HOSPITAL"
    CONTEXT = ("hospital", "ward", "a&e", "admitted", "born")
    SUFFIXES = (r"(?:(?:General|University|Royal|Community|District|Children's|Childrens|"
                r"Memorial|Psychiatric|Teaching|Maternity|Women's)\s+)*(?i:Hospitals?|Infirmary)")
