"""Assets by stage: ingest (documents -> raw tables), transform (dbt), quality (GX checks), publish."""
