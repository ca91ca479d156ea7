"""Risk reduction in the order the SDC Practice Guide recommends: global recoding first,
then local suppression for the records still below k, with before/after risk and the
information lost."""

from __future__ import annotations

import pandas as pd

from anonymise.risk.infoloss import information_loss
from anonymise.risk.measures import risk_summary
from anonymise.risk.recoding import global_recode
from anonymise.risk.suppression import local_suppression


def reduce_risk(df: pd.DataFrame, keys, k: int = 3, importance=None, weight: str | None = None,
                recodes: dict | None = None, sensitive=(), census: bool = False) -> tuple[pd.DataFrame, dict]:
    """Return (protected copy of df, report {risk_before, recoding, suppression, risk_after, info_loss})."""
    keys = list(keys)
    measure = dict(weight=weight, k=k, sensitive=list(sensitive), census=census)
    before = risk_summary(df, keys, **measure)
    recoded, recoding = global_recode(df, recodes or {})
    protected, suppression = local_suppression(recoded, keys, k, importance)
    report = {
        "risk_before": before,
        "recoding": recoding,
        "suppression": suppression,
        "risk_after": risk_summary(protected, keys, **measure),
        "info_loss": information_loss(df, protected, keys),
    }
    return protected, report
