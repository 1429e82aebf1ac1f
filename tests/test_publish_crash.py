"""A process killed in the middle of publishing leaves the previous version current and intact."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd

from icc.intake.seed import seed_if_empty
from icc.storage import store
from tests.conftest import DATA, ROOT

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from icc.storage import store
    from icc.prepared.model import load_bundle

    url, marker = sys.argv[1], Path(sys.argv[2])
    engine = store.make_engine(url)
    bundle = load_bundle(engine)
    frame = bundle["evenements"][store.DATASETS["evenements"].columns].head(5)
    real_log = store.log

    def log_then_hang(conn, *args, **kwargs):
        real_log(conn, *args, **kwargs)
        marker.write_text("inside the transaction")
        time.sleep(120)  # killed here, before the commit

    store.log = log_then_hang
    store.publish(engine, "evenements", frame, "agent", "tronquée", bundle.versions["evenements"].id)
    """
)


def test_kill_during_publish_keeps_the_previous_version(engine, tmp_path):
    seed_if_empty(engine, DATA)
    before = store.current_versions(engine)["evenements"]
    marker = tmp_path / "inside"
    url = engine.url.render_as_string(hide_password=False)
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(marker)], cwd=ROOT, env=os.environ.copy())
    try:
        deadline = time.time() + 60
        while not marker.exists():
            assert child.poll() is None, "le processus de publication s'est arrêté trop tôt"
            assert time.time() < deadline
            time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    engine.dispose()  # drop pooled connections; the killed one's transaction is rolled back by the server
    after = store.current_versions(engine)["evenements"]
    assert after == before
    assert [v.number for v in store.history(engine, "evenements")] == [1]
    frame = store.read_version(engine, after.id)
    assert len(frame) == before.row_count == len(pd.read_csv(DATA / "evenements.csv"))
    ds = store.DATASETS["evenements"]
    assert store.checksum(store.to_canonical_csv(ds, frame)) == before.checksum
    assert isinstance(frame, pd.DataFrame)
