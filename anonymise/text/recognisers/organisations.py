"""Other named organisations: police forces, churches and mosques, centres, housing providers,
companies, pubs, libraries and halls, local teams and projects ("Norfolk Constabulary", "St
Peter's Church", "Flagship Housing", "Acme Ltd", "the Bridgewater Arms", "Leigh Library",
"the Sunrise Team", "Hull Uni")."""

from anonymise.text import scores
from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.named import ORG_NAME, NamedOrganisation


class OrganisationRecogniser(NamedOrganisation):
    NAME = "organisation"
    ENTITY = "ORGANISATION"
    CONTEXT = ("work", "worked", "works", "employer", "company", "organisation")
    SCORE = scores.ORGANISATION_OTHER
    SUFFIXES = (r"(?:Police|Constabulary|Housing(?:\s+Association|\s+Trust|\s+Group)?|Homes|"
                r"Centre|Center|Church|Mosque|Masjid|Temple|Gurdwara|Synagogue|Chapel|Club|Minster|"
                r"Arms|Inn|Tavern|Caf[eé]|Library|Hall|Foyer|Team|Project|Uni|Police\s+Station|"
                r"Ltd\.?|Limited|plc|PLC|LLP|Nurseries|Agency|Office|Offices|Hub|Services|Network|Forum|Fostering(?:\s+Agency|\s+Services)?|"
                r"(?:and|&)\s+(?:Sons?|Daughters|Partners|Co\.?)|University)")
    EXTRA_RULES = (
        Rule("of_place", rf"\b(?P<id>(?:University|Institute|Diocese|Bank|Archdiocese)\s+of\s+{ORG_NAME})", scores.CHARITY_LISTED),
    )
