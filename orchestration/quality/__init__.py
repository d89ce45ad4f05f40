"""Great Expectations suites over frames read from the warehouse (GX has no DuckDB dialect)."""
