"""docker-compose.yml cannot be run here (no Docker engine): check what a user
with Docker relies on instead."""

import os

import yaml

from conftest import ROOT


def load():
    with open(os.path.join(ROOT, "docker-compose.yml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_services_use_official_images():
    services = load()["services"]
    assert services["odoo"]["image"].split(":") == ["odoo", "18"] or services["odoo"]["image"].startswith("odoo:18")
    assert services["db"]["image"].startswith("postgres:")


def test_addons_are_mounted_and_on_the_addons_path():
    odoo = load()["services"]["odoo"]
    mounts = {v.split(":")[0]: v.split(":")[1] for v in odoo["volumes"] if isinstance(v, str)}
    assert mounts.get("./addons") == "/mnt/extra-addons"
    command = " ".join(odoo.get("command", []))
    assert "--addons-path=/mnt/extra-addons" in command or "/mnt/extra-addons" in str(odoo.get("environment"))


def test_database_healthcheck_gates_odoo():
    data = load()
    db = data["services"]["db"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert data["services"]["odoo"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "healthcheck" in data["services"]["odoo"]


def test_odoo_connects_with_the_database_credentials():
    data = load()
    db_env = data["services"]["db"]["environment"]
    odoo_env = data["services"]["odoo"]["environment"]
    assert odoo_env["HOST"] == "db"
    assert odoo_env["USER"] == db_env["POSTGRES_USER"] != "postgres"
    assert odoo_env["PASSWORD"] == db_env["POSTGRES_PASSWORD"]
    assert "8069:8069" in [str(p) for p in data["services"]["odoo"]["ports"]]
