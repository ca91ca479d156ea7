"""Disclosure-risk measures for key variables (sdcMicro-compatible) and the two ways of
reducing risk: local suppression and global recoding, with an information-loss summary."""
