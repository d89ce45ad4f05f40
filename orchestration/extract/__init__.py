"""Pure extraction: text of one document in, typed records out.

Nothing here imports Dagster or DuckDB, so every parser can be tested on a string.
"""
