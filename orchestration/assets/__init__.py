"""Assets by stage: ingest (documents -> raw), transform (dbt), quality (GX), publish."""
