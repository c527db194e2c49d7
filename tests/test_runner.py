"""The README's commands where Odoo cannot be imported: exit 2, one clear
paragraph, within seconds, never a hang."""

import os
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


@pytest.mark.parametrize("target", ["test", "demo", "test-compat"])
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
