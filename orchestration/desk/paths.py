"""Where the desk's files live: beside the published warehouse, outside the file a night
replaces, so a rebuild never touches them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DeskPaths:
    warehouse: Path

    @property
    def _stem(self) -> str:
        return self.warehouse.name[: -len(".duckdb")]

    @property
    def reviews(self) -> Path:
        """The reviews store (SQLite); PERFWH_REVIEWS overrides it."""
        override = os.environ.get("PERFWH_REVIEWS")
        default = self.warehouse.with_name(f"{self._stem}.reviews.sqlite")
        return Path(override) if override else default

    @property
    def out(self) -> Path:
        """Reports, exports and the data dictionary, rewritten after each publish."""
        return self.warehouse.with_name(f"{self._stem}.desk")

    @property
    def reports(self) -> Path:
        return self.out / "reports"

    @property
    def exports(self) -> Path:
        return self.out / "exports"

    @property
    def dictionary(self) -> Path:
        return self.out / "dictionary" / "index.html"
