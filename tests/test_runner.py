"""The README's commands where Odoo cannot be imported: exit 2, one clear
paragraph, within seconds, never a hang; the cluster of a private checkout."""

import glob
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def python_without_odoo(tmp_path_factory):
    venv = tmp_path_factory.mktemp("no-odoo-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = os.path.join(venv, "bin", "python")
    probe = subprocess.run([python, "-c", "import odoo"], capture_output=True, check=False)
    assert probe.returncode != 0, "the bare venv must not see Odoo"
    return python


@pytest.mark.parametrize("target", ["test", "demo", "test-compat", "bench", "generate"])
def test_make_without_odoo_exits_2_with_explanation(python_without_odoo, target):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    started = time.monotonic()
    res = subprocess.run(
        ["make", "-s", target, f"PYTHON={python_without_odoo}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env, check=False,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert "Error 2" in res.stderr or res.returncode == 2
    assert "Odoo 18.0 is not importable" in res.stderr
    assert "docker compose up" in res.stderr
    assert elapsed < 30


def test_runner_without_odoo_exits_2(python_without_odoo):
    res = subprocess.run(
        [python_without_odoo, os.path.join(ROOT, "tools", "odoo_runner.py"), "test"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert res.returncode == 2
    assert "Odoo 18.0 is not importable" in res.stderr


PRIVATE_PG_PORT = "54387"  # not the suite's cluster (54329) nor CI's


@pytest.mark.skipif(os.geteuid() != 0, reason="the cluster runs as an unprivileged user only when started as root")
def test_cluster_of_a_private_checkout(tmp_path):
    """A checkout in a 0700 folder (root's home): the runner keeps its cluster
    where PostgreSQL's user can reach it, and `stop` / `clean` still find it."""
    private = tmp_path / "private"
    private.mkdir()
    os.chmod(private, 0o700)
    checkout = private / "checkout"
    shutil.copytree(os.path.join(ROOT, "tools"), checkout / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, CRM_FT_PG_PORT=PRIVATE_PG_PORT)

    def runner(*args):
        cmd = [sys.executable, str(checkout / "tools" / "odoo_runner.py"), *args]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env, check=False)
        assert res.returncode == 0, f"{args}: {res.stdout}\n{res.stderr}"
        return res.stdout

    def select_1(sockdir):
        psql = max(glob.glob("/usr/lib/postgresql/*/bin/psql"))
        cmd = [psql, "-h", sockdir, "-p", PRIVATE_PG_PORT, "-U", "odoo", "-d", "postgres", "-tAc", "SELECT 1"]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)

    try:
        out = runner("cluster-check", "--keep")
        m = re.search(r"cluster: data (\S+) socket (\S+) port \d+ SELECT 1 = 1", out)
        assert m, out
        datadir, sockdir = m.groups()
        assert not datadir.startswith(str(private)) and not sockdir.startswith(str(private))
        assert len(os.path.join(sockdir, f".s.PGSQL.{PRIVATE_PG_PORT}")) < 100
        home = os.path.dirname(datadir)
        assert oct(os.stat(home).st_mode & 0o777) == "0o700"
        assert os.stat(home).st_uid != 0, "the server user owns the cluster's folder"
        res = select_1(sockdir)
        assert res.returncode == 0 and res.stdout.strip() == "1", res.stderr

        runner("stop")
        assert select_1(sockdir).returncode != 0, "the cluster still answers after `stop`"
        assert not os.path.exists(os.path.join(datadir, "postmaster.pid"))

        runner("clean")
        assert not os.path.exists(home) and not (checkout / ".run").exists()
    finally:
        subprocess.run(
            [sys.executable, str(checkout / "tools" / "odoo_runner.py"), "clean"],
            capture_output=True, timeout=300, env=env, check=False,
        )  # fmt: skip
