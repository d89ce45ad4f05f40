"""Sensors: react to the raw folder between nightly runs."""
