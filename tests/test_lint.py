"""Lint is part of the test command: ruff (OCA's rule set) and pylint-odoo
(OCA's mandatory checks) must pass on the whole tree."""

import subprocess
import sys

from conftest import ADDONS, MODULES, ROOT

# the hooks' console scripts, called through this Python so PATH does not matter
OCA_MODULE_CHECKS = "import sys; from oca_pre_commit_hooks.cli import main; sys.exit(main())"
OCA_PO_CHECKS = "import sys; from oca_pre_commit_hooks.cli_po import main; sys.exit(main())"


def run(*cmd):
    res = subprocess.run([sys.executable, "-m", *cmd], cwd=ROOT, capture_output=True, text=True, check=False)
    return res.returncode, res.stdout + res.stderr


def test_ruff_check():
    rc, out = run("ruff", "check", "--no-fix", "addons", "tests", "tools")
    assert rc == 0, out


def test_ruff_format():
    rc, out = run("ruff", "format", "--check", "addons", "tests", "tools")
    assert rc == 0, out


def test_pylint_odoo():
    rc, out = run("pylint", "--rcfile=.pylintrc", *[f"{ADDONS}/{m}" for m in MODULES])
    assert rc == 0, out


def test_oca_module_checks():
    """XML, CSV and manifest checks pylint-odoo 10 delegates to OCA's hooks."""
    res = subprocess.run(
        [sys.executable, "-c", OCA_MODULE_CHECKS, *[f"{ADDONS}/{m}" for m in MODULES]],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr


def test_oca_po_checks():
    res = subprocess.run(
        [sys.executable, "-c", OCA_PO_CHECKS, *[f"{ADDONS}/{m}/i18n/zh_CN.po" for m in MODULES]],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr


def test_addon_readmes_are_generated_from_fragments():
    rc, out = run("tools.gen_addon_readme", "--check")
    assert rc == 0, out
