"""Health checks on a collection's raw inputs (QAMyData-style, declared in checks.yaml)."""
