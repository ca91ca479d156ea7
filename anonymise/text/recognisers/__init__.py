"""The recogniser registry: the one place that says which recognisers run.

Adding a UK identifier = one small module here with a Presidio-style recogniser class
(`find(text, doc) -> list[Detection]`), one line in RECOGNISERS, and one test.
"""

from __future__ import annotations

from anonymise.text.recognisers.addresses import AddressRecogniser
from anonymise.text.recognisers.ages import AgeRecogniser
from anonymise.text.recognisers.bank_details import BankDetailsRecogniser
from anonymise.text.recognisers.bare_names import BareNameRecogniser
from anonymise.text.recognisers.boats import BoatRecogniser
from anonymise.text.recognisers.called_names import CalledNameRecogniser
from anonymise.text.recognisers.case_reference import CaseReferenceRecogniser
from anonymise.text.recognisers.charities import CharityRecogniser
from anonymise.text.recognisers.chi_number import ChiNumberRecogniser
from anonymise.text.recognisers.childrens_homes import ChildrensHomeRecogniser
from anonymise.text.recognisers.club_nicknames import ClubNicknameRecogniser
from anonymise.text.recognisers.described import DescribedNameRecogniser
from anonymise.text.recognisers.nicknamed import NicknamedRecogniser
from anonymise.text.recognisers.councils import CouncilRecogniser
from anonymise.text.recognisers.courts import CourtRecogniser
from anonymise.text.recognisers.dates import DateRecogniser
from anonymise.text.recognisers.email import EmailRecogniser
from anonymise.text.recognisers.firms import FirmRecogniser
from anonymise.text.recognisers.gp_surgeries import GpSurgeryRecogniser
from anonymise.text.recognisers.grid_reference import GridReferenceRecogniser
from anonymise.text.recognisers.handles import HandleRecogniser
from anonymise.text.recognisers.hc_number import HcNumberRecogniser
from anonymise.text.recognisers.hospitals import HospitalRecogniser
from anonymise.text.recognisers.immigration import ImmigrationReferenceRecogniser
from anonymise.text.recognisers.initials import InitialsRecogniser
from anonymise.text.recognisers.ip_address import IpAddressRecogniser
from anonymise.text.recognisers.known import KnownIdentifierRecogniser, find_all
from anonymise.text.recognisers.landmarks import LandmarkRecogniser
from anonymise.text.recognisers.locative_names import LocativeNameRecogniser
from anonymise.text.recognisers.lone_names import LoneNameRecogniser
from anonymise.text.recognisers.lower_organisations import LowerOrganisationRecogniser
from anonymise.text.recognisers.nhs_number import NhsNumberRecogniser
from anonymise.text.recognisers.ni_number import NiNumberRecogniser
from anonymise.text.recognisers.organisations import OrganisationRecogniser
from anonymise.text.recognisers.passport import PassportRecogniser
from anonymise.text.recognisers.persons import PersonRecogniser
from anonymise.text.recognisers.phone import PhoneRecogniser
from anonymise.text.recognisers.places import PlaceRecogniser
from anonymise.text.recognisers.police_numbers import PoliceNumberRecogniser
from anonymise.text.recognisers.postcode import PostcodeRecogniser
from anonymise.text.recognisers.pubs import PubRecogniser
from anonymise.text.recognisers.references import ReferenceRecogniser
from anonymise.text.recognisers.schools import SchoolRecogniser
from anonymise.text.recognisers.signatures import SignatureRecogniser
from anonymise.text.recognisers.spaced_places import SpacedPlaceRecogniser
from anonymise.text.recognisers.spacy_entities import SpacyEntityRecogniser
from anonymise.text.recognisers.spelled import SpelledNameRecogniser
from anonymise.text.recognisers.structure import StructureRecogniser
from anonymise.text.recognisers.upn import UpnRecogniser
from anonymise.text.recognisers.url import UrlRecogniser
from anonymise.text.recognisers.vehicles import VehicleRecogniser
from anonymise.text.recognisers.venues import VenueRecogniser
from anonymise.text.recognisers.welsh_ages import WelshAgeRecogniser

RECOGNISERS = [
    KnownIdentifierRecogniser,
    EmailRecogniser,
    UrlRecogniser,
    HandleRecogniser,
    PhoneRecogniser,
    PostcodeRecogniser,
    NhsNumberRecogniser,
    ChiNumberRecogniser,
    HcNumberRecogniser,
    NiNumberRecogniser,
    UpnRecogniser,
    PassportRecogniser,
    ImmigrationReferenceRecogniser,
    BankDetailsRecogniser,
    IpAddressRecogniser,
    VehicleRecogniser,
    BoatRecogniser,
    GridReferenceRecogniser,
    ReferenceRecogniser,
    PoliceNumberRecogniser,
    CaseReferenceRecogniser,
    DateRecogniser,
    AgeRecogniser,
    WelshAgeRecogniser,
    AddressRecogniser,
    CouncilRecogniser,
    SchoolRecogniser,
    HospitalRecogniser,
    CourtRecogniser,
    GpSurgeryRecogniser,
    ChildrensHomeRecogniser,
    CharityRecogniser,
    OrganisationRecogniser,
    FirmRecogniser,
    LowerOrganisationRecogniser,
    PubRecogniser,
    ClubNicknameRecogniser,
    LandmarkRecogniser,
    CalledNameRecogniser,
    DescribedNameRecogniser,
    VenueRecogniser,
    LocativeNameRecogniser,
    SignatureRecogniser,
    BareNameRecogniser,
    PlaceRecogniser,
    SpacedPlaceRecogniser,
    PersonRecogniser,
    NicknamedRecogniser,
    InitialsRecogniser,
    SpelledNameRecogniser,
    LoneNameRecogniser,
    SpacyEntityRecogniser,
]


# Recognisers that read a whole text at once (its layout), not a chunk of it.
WHOLE_TEXT_RECOGNISERS = [StructureRecogniser]


def build_recognisers(settings=None, lexicon=None) -> list:
    """One instance of every registered recogniser, configured from settings (duck-typed)."""
    if lexicon is None:
        from anonymise.text.lexicon import load
        lexicon = load()
    return [cls(settings, lexicon) for cls in RECOGNISERS]


__all__ = ["RECOGNISERS", "WHOLE_TEXT_RECOGNISERS", "build_recognisers", "find_all"]
