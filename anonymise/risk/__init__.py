"""Disclosure risk: sdcMicro's measures (measures.py) and local suppression to k (suppression.py).

Global recoding (bands, merged categories, top-coding) is a per-variable rule of the data
pass (anonymise/data/rules.py), which applies it before suppression, as the SDC Practice
Guide recommends; the data pass also counts the information lost."""
