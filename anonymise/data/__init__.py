"""The data pass: tabular files (SPSS, Stata, CSV) read with their metadata,
anonymised by per-variable rules or automatically, and written back."""
