#!/usr/bin/env python3
"""CI's clean virtual environment: Odoo 18 and its own requirements, nothing else.

    python3 tools/ci_venv.py      # builds or reuses it; prints its python

Run by the machine's ``python3``, the one that imports Odoo 18: Odoo's source
folder (setup.py, requirements.txt) is ``dirname(dirname(odoo.__file__))``. The
venv (not --system-site-packages) lives in
``${XDG_CACHE_HOME:-~/.cache}/crm-ft-ci/venv-<hash>``, the hash taken over
Odoo's requirements.txt, this project's requirements.txt and
requirements-dev.txt, Odoo's path and the Python version: a change to any of
them builds a new one. It holds Odoo's requirements (their markers evaluated
as for Python 3.12 on an older Python: the older pins need sdists that no
longer build) and Odoo installed as README.md says. This project's
requirement files are left to the runner (`make test` installs them), so a
library they miss fails CI. Progress goes to stderr, the python's path to stdout.
"""

import fcntl
import hashlib
import importlib.util
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "crm-ft-ci")
# Debian headers that psycopg2 and python-ldap need to build
BUILD_PACKAGES = ["libpq-dev", "libldap2-dev", "libsasl2-dev"]
REQUIREMENT_FILES = ("requirements.txt", "requirements-dev.txt")

# Odoo's requirements.txt with its markers evaluated; run by the venv's python.
EVALUATE_MARKERS = """
import sys
from packaging.markers import default_environment
from packaging.requirements import Requirement

env = default_environment()
if sys.version_info < (3, 12):
    env.update(python_version="3.12", python_full_version="3.12.0")
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        req = Requirement(line) if line else None
        if req and (req.marker is None or req.marker.evaluate(env)):
            req.marker = None
            print(req)
"""


def log(msg):
    print(f"[ci-venv] {msg}", file=sys.stderr, flush=True)


def odoo_source():
    """Odoo 18's source folder as the machine's python3 imports it; exit if none."""
    spec = importlib.util.find_spec("odoo")
    release = spec and spec.origin and os.path.join(os.path.dirname(spec.origin), "release.py")
    if not release or not os.path.isfile(release):  # none, or only a namespace of add-ons
        sys.exit(
            f"Odoo is not importable by {sys.executable} (the machine's python3).\n"
            "CI builds its environment from the Odoo 18.0 source that python3 imports:\n"
            "install it as README.md 'Prerequisites' says, then run .ci/run again."
        )
    version = runpy.run_path(release)["version_info"]
    if version[0] != 18:
        sys.exit(f"{sys.executable} imports Odoo {version[0]}.{version[1]}: this project needs 18.0.")
    src = os.path.dirname(os.path.dirname(os.path.abspath(spec.origin)))
    for name in ("setup.py", "requirements.txt"):
        if not os.path.isfile(os.path.join(src, name)):
            sys.exit(f"Odoo at {src} is not a source folder (no {name}): CI installs Odoo from its source.")
    return src


def ensure_build_packages():
    if not shutil.which("dpkg-query"):
        return
    missing = [
        pkg
        for pkg in BUILD_PACKAGES
        if "install ok installed"
        not in subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True, check=False
        ).stdout
    ]
    if not missing:
        return
    if os.geteuid() != 0:
        log(f"missing {' '.join(missing)}: psycopg2 or python-ldap may not build (sudo apt-get install them)")
        return
    log(f"installing Debian packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, stdout=sys.stderr)
    cmd = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
    subprocess.run(cmd, check=True, env=env, stdout=sys.stderr)


def key(src):
    digest = hashlib.sha256()
    for path in (os.path.join(src, "requirements.txt"), *(os.path.join(ROOT, n) for n in REQUIREMENT_FILES)):
        with open(path, "rb") as f:
            digest.update(f.read())
    digest.update(f"{src}\n{sys.version}".encode())
    return digest.hexdigest()[:16]


def build(venv, src):
    python = os.path.join(venv, "bin", "python")

    def pip(*args):  # stdout carries only the result
        cmd = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *args]
        subprocess.run(cmd, check=True, stdout=sys.stderr)

    subprocess.run([sys.executable, "-m", "venv", venv], check=True, stdout=sys.stderr)
    pip("--upgrade", "pip", "setuptools", "wheel", "packaging")
    evaluated = os.path.join(venv, "odoo-requirements.txt")
    with open(evaluated, "w", encoding="utf-8") as out:
        reqs = os.path.join(src, "requirements.txt")
        subprocess.run([python, "-c", EVALUATE_MARKERS, reqs], stdout=out, check=True)
    log(f"installing Odoo's requirements ({evaluated})")
    pip("-r", evaluated)
    log(f"installing Odoo from {src}")
    pip("--no-build-isolation", "--no-deps", "--config-settings", "editable_mode=compat", "-e", src)
    probe = "import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))"
    found = subprocess.run(
        [python, "-c", probe], capture_output=True, text=True, check=True, cwd=tempfile.gettempdir()
    ).stdout.strip()
    if os.path.realpath(found) != os.path.realpath(src):
        sys.exit(f"the venv imports Odoo from {found}, not {src}")
    return python


def main():
    src = odoo_source()
    os.makedirs(CACHE, exist_ok=True)
    venv = os.path.join(CACHE, f"venv-{key(src)}")
    python = os.path.join(venv, "bin", "python")
    done = os.path.join(venv, ".complete")
    with open(os.path.join(CACHE, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time
        if os.path.exists(done):
            log(f"reusing {venv} (Odoo from {src})")
        else:
            ensure_build_packages()
            shutil.rmtree(venv, ignore_errors=True)  # a build that did not finish
            log(f"building {venv} (Odoo from {src})")
            started = time.monotonic()
            build(venv, src)
            open(done, "w").close()
            log(f"built in {time.monotonic() - started:.0f} s")
    print(python)


if __name__ == "__main__":
    main()
