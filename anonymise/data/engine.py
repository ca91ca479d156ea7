"""The data pass's only door to the text engine (anonymise/text/), opened lazily.

The health checks and the automatic mode ask the text engine whether cell values
and value labels hold names, e-mails, postcodes and the like. Importing spaCy is
slow, so it happens here on first use and never at module import; and when the
engine is not installed the callers get None and say so instead of failing.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace


def text_unit(uid: str, file: str, text: str, location: str = "", variable: str | None = None, row: int | None = None):
    from anonymise.text.units import TextUnit

    return TextUnit(uid=uid, file=file, text=text, location=location, variable=variable, row=row)


def text_settings(manifest: dict | None = None):
    """TextSettings from the manifest's anonymisation block, or a plain stand-in."""
    try:
        from anonymise.text.settings import TextSettings
    except ImportError:
        block = (manifest or {}).get("anonymisation") or {}
        return SimpleNamespace(known_identifiers=block.get("known_identifiers") or [], keep=block.get("keep") or [],
                               reference_date=block.get("reference_date"), workers=1)
    return TextSettings.from_manifest(manifest or {})


@functools.lru_cache(maxsize=4)
def _detect_function(settings_key):
    settings = _SETTINGS[settings_key]
    try:
        from anonymise.text.detector import Detector

        return Detector(settings).detect
    except ImportError:
        pass
    try:
        from anonymise.text.pipeline import TextAnonymiser
        from anonymise.text.registry import Registry

        return TextAnonymiser(settings, Registry.from_settings(settings)).detect
    except ImportError:
        return None


_SETTINGS: dict = {}


def detector(settings=None):
    """A function texts -> list[list[Detection]], or None when the text engine is missing.

    Cached per settings object so a collection's files share one loaded model."""
    settings = settings if settings is not None else text_settings()
    key = id(settings)
    _SETTINGS[key] = settings
    return _detect_function(key)


def detect(texts: list[str], settings=None):
    """Detections per text, or None if the text engine is not available."""
    if not texts:
        return []
    function = detector(settings)
    if function is None:
        return None
    try:
        return function(list(texts))
    except ImportError:
        # a text engine still being assembled (or partly installed) is the same as none
        return None
