"""perfwh: a warehouse of Shanghai budget units' performance documents (Dagster code location)."""
