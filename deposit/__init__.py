"""ukds-deposit: turn a raw research collection into an anonymised, documented,
UK Data Service-style deposit, and verify such a deposit after download.

Pipeline (one package per stage, see the folder names):
  check (deposit/) -> anonymise (anonymise/) -> describe (metadata/)
  -> package (deposit/) -> verify (deposit/)
"""

from manifests.version import TOOL_NAME, __version__  # noqa: F401  (the command line's --version)
