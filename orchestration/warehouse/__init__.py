"""Writing to and publishing the DuckDB warehouse file."""
