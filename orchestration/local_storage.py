"""Dagster's local SQLite storage, with its event log's connections kept open between events.

Dagster's SQLite event log opens a new engine and connection for every write and disposes
of them after it: 6-22 ms an event on this project's runs, which write 500-1,200 events
(planned assets and checks, outputs, materializations, check results, logs). Keeping one
pooled connection per database file makes the same writes about three times cheaper. The
files, tables and migrations are Dagster's own (`storage: sqlite` makes the same ones), so
the webserver, the daemon and `dagster instance migrate` read them as usual.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

from .settings import PROJECT_ROOT


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage keeping an engine, with one pooled connection, per database file.

    Each run has its own file (a shard) beside the cross-run index; only the most recently
    used `open_shards` stay open, so a long-lived webserver does not hold a file descriptor
    for every run it has shown.
    """

    open_shards = 8

    def __init__(self, base_dir: str, inst_data: Any = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_lock = threading.Lock()
        self._tables: set[str] = set()
        super().__init__(base_dir, inst_data=inst_data)

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.pop(shard, None)
            if engine is None:
                # Access to a shard is serialised by the storage's own lock (_connect), so
                # one connection is enough; the overflow only guards against a deadlock.
                engine = create_engine(
                    self.conn_string_for_shard(shard),
                    poolclass=QueuePool, pool_size=1, max_overflow=4,
                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                                  "check_same_thread": False},
                )
            self._engines[shard] = engine
            while len(self._engines) > self.open_shards:
                self._engines.popitem(last=False)[1].dispose()
            return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # As SqliteEventLogStorage._connect, less the engine made and disposed of each time.
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        # Asked on every asset event, from inside an index transaction (so not through
        # _connect, whose lock is held). Tables are created by migrations and never dropped.
        if table_name not in self._tables and super().has_table(table_name):
            self._tables.add(table_name)
        return table_name in self._tables

    def _dispose_engines(self) -> None:
        with self._engines_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._dispose_engines()  # the run shards' files are deleted
        super().wipe()

    def dispose(self) -> None:
        self._dispose_engines()
        super().dispose()


class LocalSqliteStorage(DagsterSqliteStorage):
    """`storage: sqlite` with the pooled event log (dagster.yaml: `storage: custom`)."""

    def __init__(self, base_dir: str, inst_data: Any = None) -> None:
        super().__init__(base_dir, inst_data=inst_data)
        self._event_log_storage = PooledSqliteEventLogStorage(self._event_log_storage._base_dir)

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: Any) -> LocalSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)


def instance_config(home: Path) -> dict:
    """The project's dagster.yaml with its folders under `home`: the same instance for the
    benchmark's and the tests' runs, kept apart from the project's own `.dagster/`."""
    config = yaml.safe_load((PROJECT_ROOT / "dagster.yaml").read_text())
    for spec in config["storage"].values():
        spec["config"]["base_dir"] = str(home / "storage")
    config["local_artifact_storage"]["config"]["base_dir"] = str(home)
    config["compute_logs"]["config"]["base_dir"] = str(home / "compute_logs")
    return config
