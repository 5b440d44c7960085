"""Opt-in (``python -m pytest -m load``): two replicas behind nginx (deploy/run.py), briefly.

Skipped where nginx is not installed (Debian: ``apt-get install nginx``); CI does not
install it. ``python deploy/run.py`` prints the full measurement (docs/load.md).
"""

import pytest

from deploy.run import Deployment, failover, nginx_path, sticky, upload

pytestmark = [pytest.mark.load,
              pytest.mark.skipif(nginx_path() is None, reason="nginx is not installed")]


@pytest.fixture(scope="module")
def deployment():
    d = Deployment(replicas=2)
    yield d
    d.close()


def test_sticky_routing_spreads_tabs_and_keeps_each_on_its_replica(deployment):
    r = sticky(deployment, n=12)  # each tab's Step after its open is answered by its session
    assert all(n >= 1 for n in r["per_replica"])  # both replicas get tabs


def test_a_csv_upload_through_nginx_reaches_its_session(deployment):
    r = upload(deployment)
    assert r["exceptions"] == []
    assert r["in_use"].startswith("In use\\: or\\-gate\\.csv, 4 rows")


def test_a_killed_replica_loses_only_its_sessions(deployment):
    r = failover(deployment, n=8, before=3, after=6)
    assert r["lost"] == r["per_replica_before"][0] > 0  # exactly the killed replica's tabs
    assert r["reconnected"] == r["lost"] and max(r["back_s"]) < 10
    assert r["same_stage"] == r["lost"]  # each page rebuilt from its link where it was
    assert r["kept"] == 8 - r["lost"] and r["kept_clicks"] > 0
