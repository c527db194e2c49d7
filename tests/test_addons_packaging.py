"""Each addon is a proper Odoo 18 add-on that `pip install ./addons/<name>`
can build: manifest, readme fragments, security, translations, whool."""

import ast
import os
import re
import subprocess
import sys

import pytest

from conftest import ADDONS, MODULES

CORE_DEPENDS = {"crm", "sale_management", "sale_crm", "account", "contacts", "portal", "mail"}


def manifest(module):
    with open(os.path.join(ADDONS, module, "__manifest__.py"), encoding="utf-8") as f:
        return ast.literal_eval(f.read())


@pytest.mark.parametrize("module", MODULES)
def test_manifest(module):
    data = manifest(module)
    # crm_customer_scoring builds on OCA's AGPL-3 credit-control and tier-validation modules
    assert data["license"] == ("AGPL-3" if module == "crm_customer_scoring" else "LGPL-3")
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"])
    assert data["category"] and data["summary"] and data["maintainers"]
    assert data["installable"]
    expected = CORE_DEPENDS if module == "crm_foreign_trade" else {"crm_foreign_trade"}
    assert set(data["depends"]) >= expected
    for path in data.get("data", []) + data.get("demo", []):
        assert os.path.exists(os.path.join(ADDONS, module, path)), path


@pytest.mark.parametrize("module", MODULES)
def test_layout(module):
    base = os.path.join(ADDONS, module)
    for path in (
        "readme/DESCRIPTION.md",
        "readme/CONFIGURE.md",
        "readme/USAGE.md",
        "security/ir.model.access.csv",
        "i18n/zh_CN.po",
        "pyproject.toml",
        "tests/__init__.py",
    ):
        assert os.path.exists(os.path.join(base, path)), f"{module}: missing {path}"


@pytest.mark.parametrize("module", MODULES)
def test_builds_a_wheel(module, tmp_path):
    res = subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
            "--disable-pip-version-check", "-q", "-w", str(tmp_path), os.path.join(ADDONS, module),
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr
    wheels = os.listdir(tmp_path)
    assert len(wheels) == 1 and wheels[0].startswith(f"odoo_addon_{module}-18.0.")
