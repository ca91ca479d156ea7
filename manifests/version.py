"""The toolkit's name and version: stamped into results, reports, DDI and bag-info."""

__version__ = "0.1.0"
TOOL_NAME = "ukds-deposit"
