"""The routes' database engine: one per process, seeded on first use like the pages' one."""

from __future__ import annotations

from functools import cache

from sqlalchemy.engine import Engine

from icc import settings
from icc.intake.seed import seed_if_empty
from icc.storage import store


@cache
def engine() -> Engine:
    config = settings.load()
    eng = store.make_engine(config.database_url)
    seed_if_empty(eng, config.data_dir)
    return eng
