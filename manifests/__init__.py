"""JSON Schemas for every file the toolkit reads or writes, and the code that
validates against them with messages a data manager can act on."""

from manifests.loader import (  # noqa: F401
    load_manifest,
    load_schema,
    validate,
    validation_problems,
)
