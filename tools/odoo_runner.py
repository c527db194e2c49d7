#!/usr/bin/env python3
"""Project runner: demo server, test suite and Odoo compatibility suite.

It drives a stock Odoo 18.0 (already importable by ``python3``) against a
throw-away PostgreSQL cluster kept inside the project (``.run/``; in
``/var/tmp/crm-ft-pg-<hash>/`` when the checkout is private and the cluster's
unprivileged user cannot reach it), so a contributor needs nothing but Odoo's
source and Debian's PostgreSQL.

    python3 tools/odoo_runner.py demo         # serve a demo database on :8069
    python3 tools/odoo_runner.py test         # module tests + tests/ (pytest)
    python3 tools/odoo_runner.py test-compat  # Odoo's crm/sale tests with ours
    python3 tools/odoo_runner.py bench        # every benchmark, one table in bench/results.md
    python3 tools/odoo_runner.py generate     # a database at benchmark scale (tools/generate_scale.py)
    python3 tools/odoo_runner.py stop         # stop the project's cluster
    python3 tools/odoo_runner.py clean        # stop and remove it with .run/

Every command that runs tests ends with the line ``N passed, N failed``; ``bench``
ends with its table and where it wrote it.
"""

import argparse
import glob
import hashlib
import json
import os
import platform
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_DIR = os.path.join(ROOT, ".run")
ADDONS_DIR = os.path.join(ROOT, "addons")
MODULES = [
    "crm_foreign_trade",
    "crm_customer_scoring",
    "crm_competitor",
    "crm_order_execution",
]
# Odoo's own suites that must stay green with our modules installed.
COMPAT_MODULES = ["crm", "sale", "sale_crm", "sale_management", "sale_stock", "purchase"]
DB_SUPERUSER = "odoo"  # Odoo refuses to connect as "postgres"
PG_PORT = int(os.environ.get("CRM_FT_PG_PORT", "54329"))
HTTP_PORT = int(os.environ.get("CRM_FT_HTTP_PORT", "8069"))
# where the cluster goes when the server user cannot reach the checkout
PG_EXTERNAL_BASE = "/var/tmp"
MAX_SOCKET_PATH = 100  # bytes; the kernel's limit for a unix socket path is 107

NO_ODOO_MESSAGE = """\
Odoo 18.0 is not importable by {python}.
This project's runner drives an existing Odoo 18.0 Community installation: put
Odoo 18.0 on the Python path (for example `pip install -e <odoo-18.0 source>`
with its requirements, see README.md "Prerequisites"), then run this command
again. Without a local Odoo, use the Docker Compose route instead:
`docker compose up` serves the official odoo:18 image with these addons.
"""


def log(msg):
    print(f"[runner] {msg}", flush=True)


def die(msg, code=1):
    print(msg, file=sys.stderr, flush=True)
    sys.exit(code)


# --------------------------------------------------------------------------
# Prerequisites
# --------------------------------------------------------------------------
def check_odoo():
    """Exit 2 with an explanation unless ``import odoo`` gives Odoo 18."""
    probe = "import odoo.release as r, sys; print(r.version); sys.exit(0 if r.version_info[0] == 18 else 3)"
    try:
        res = subprocess.run(
            [sys.executable, "-c", probe],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tempfile.gettempdir(),  # never pick up a stray ./odoo folder
        )
    except subprocess.TimeoutExpired:
        res = None
    if res is None or res.returncode != 0:
        found = res and res.returncode == 3 and res.stdout.strip()
        msg = NO_ODOO_MESSAGE.format(python=sys.executable)
        if found:
            msg = f"Found Odoo {found}, but this project needs 18.0.\n" + msg
        die(msg, 2)


def is_root():
    return os.geteuid() == 0


def apt_install(*packages):
    if not is_root():
        die(
            "Missing system packages: %s. Install them with "
            "`sudo apt-get install %s` and run again." % (", ".join(packages), " ".join(packages))
        )
    log("installing Debian packages: %s" % " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=True,
        env=env,
    )


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def ensure_python_deps():
    """Install the project's Python requirements into the running Python."""
    stamp = os.path.join(RUN_DIR, "requirements.stamp")
    reqs = [os.path.join(ROOT, "requirements.txt"), os.path.join(ROOT, "requirements-dev.txt")]
    digest = "".join(read_text(r) for r in reqs)
    if os.path.exists(stamp) and read_text(stamp) == digest:
        return
    log("installing the project's Python requirements")
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    for r in reqs:
        cmd += ["-r", r]
    subprocess.run(cmd, check=True)
    os.makedirs(RUN_DIR, exist_ok=True)
    with open(stamp, "w", encoding="utf-8") as f:
        f.write(digest)


def pg_bindir():
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not candidates:
        apt_install("postgresql")
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not candidates:
        die("PostgreSQL server binaries not found after installing Debian's postgresql.")
    return os.path.dirname(candidates[0])


def ensure_pdf_tools():
    """Odoo prints PDFs with wkhtmltopdf; Chinese needs a CJK font (Debian's Noto CJK), and the
    tests read the printed text back with pdftotext (poppler-utils)."""
    wanted = {"wkhtmltopdf": "wkhtmltopdf", "pdftotext": "poppler-utils"}
    missing = [pkg for tool, pkg in wanted.items() if not shutil.which(tool)]
    if not glob.glob("/usr/share/fonts/opentype/noto/NotoSansCJK*"):
        missing.append("fonts-noto-cjk")
    if not missing:
        return
    if is_root():
        apt_install(*missing)
    else:
        log("missing %s: PDF tests will be skipped (sudo apt-get install %s)" % (", ".join(missing), " ".join(missing)))


def ensure_browser():
    """Odoo's browser tours need a headless Chromium (Debian's package)."""
    if shutil.which("chromium") or shutil.which("google-chrome") or shutil.which("chromium-browser"):
        return
    if is_root():
        apt_install("chromium")
    else:
        log("chromium not found: browser tours will be skipped")


# --------------------------------------------------------------------------
# PostgreSQL cluster (project-local, unix socket only)
# --------------------------------------------------------------------------
def external_pg_home():
    """A short folder outside the checkout for the cluster, one per checkout."""
    digest = hashlib.sha256(ROOT.encode()).hexdigest()[:10]
    return os.path.join(PG_EXTERNAL_BASE, f"crm-ft-pg-{digest}")


class Cluster:
    """The project's cluster: in .run/ beside the logs and filestore, unless the
    unprivileged server user cannot reach the checkout (a private folder such as
    root's home) or the socket path would be too long; then in a 0700 folder of
    that user under /var/tmp (see external_pg_home)."""

    def __init__(self):
        self.bindir = pg_bindir()
        self.os_user = None
        if is_root():
            # PostgreSQL refuses to run as root: run it as an unprivileged user.
            self.os_user = self._unprivileged_user()
        self.home = self._home()
        self.datadir = os.path.join(self.home, "pgdata")
        self.sockdir = os.path.join(self.home, "pgsocket")
        self.logfile = os.path.join(self.home, "postgresql.log")

    @staticmethod
    def _unprivileged_user():
        for name in ("postgres", "crm-ft-pg"):
            try:
                pwd.getpwnam(name)
                return name
            except KeyError:
                continue
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "crm-ft-pg"],
            check=True,
        )
        return "crm-ft-pg"

    def _user_can_reach(self, path):
        if not self.os_user:
            return True
        cmd = ["runuser", "-u", self.os_user, "--", "test", "-x", path]
        return subprocess.run(cmd, check=False, stderr=subprocess.DEVNULL).returncode == 0

    def _home(self):
        socket_path = os.path.join(RUN_DIR, "pgsocket", f".s.PGSQL.{PG_PORT}")
        local_ok = len(socket_path.encode()) <= MAX_SOCKET_PATH and self._user_can_reach(
            RUN_DIR if os.path.isdir(RUN_DIR) else ROOT
        )
        return RUN_DIR if local_ok else external_pg_home()

    def _run(self, args, check=False, **kw):
        cmd = [os.path.join(self.bindir, args[0]), *args[1:]]
        if self.os_user:
            cmd = ["runuser", "-u", self.os_user, "--", *cmd]
        return subprocess.run(cmd, check=check, **kw)

    def _prepare_home(self):
        """The external folder: created 0700 for the server user; /var/tmp is
        world-writable, so refuse a symlink or another user's folder."""
        uid = pwd.getpwnam(self.os_user).pw_uid if self.os_user else os.geteuid()
        os.makedirs(self.home, mode=0o700, exist_ok=True)
        st = os.lstat(self.home)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid not in (uid, os.geteuid()):
            die(f"{self.home} is not a folder of this user or {self.os_user}: remove it and run again.")
        if self.os_user:
            os.chown(self.home, uid, pwd.getpwnam(self.os_user).pw_gid)
        os.chmod(self.home, 0o700)

    def _prepare_dirs(self):
        os.makedirs(RUN_DIR, exist_ok=True)
        if self.home != RUN_DIR:
            self._prepare_home()
        for d in (self.datadir, self.sockdir):
            os.makedirs(d, mode=0o700, exist_ok=True)
        if not os.path.exists(self.logfile):
            open(self.logfile, "a", encoding="utf-8").close()
        if self.os_user:
            pw = pwd.getpwnam(self.os_user)
            for path in (self.datadir, self.sockdir, self.logfile):
                os.chown(path, pw.pw_uid, pw.pw_gid)
            # the unprivileged user must be able to reach its folders
            check = subprocess.run(
                ["runuser", "-u", self.os_user, "--", "test", "-w", self.datadir],
                check=False,
            )
            if check.returncode != 0:
                die(f"User {self.os_user} cannot reach {self.datadir}: check the permissions of its parent folders.")

    def initialised(self):
        return os.path.exists(os.path.join(self.datadir, "PG_VERSION"))

    def running(self):
        res = self._run(["pg_ctl", "-D", self.datadir, "status"], capture_output=True, check=False)
        return res.returncode == 0

    def start(self):
        self._prepare_dirs()
        if not self.initialised():
            log(f"creating PostgreSQL cluster in {self.datadir}")
            self._run(
                [
                    "initdb",
                    "-D",
                    self.datadir,
                    "-U",
                    DB_SUPERUSER,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        if self.running():
            return
        log(f"starting PostgreSQL (socket {self.sockdir}, port {PG_PORT})")
        opts = (
            f"-p {PG_PORT} -k {self.sockdir} -c listen_addresses='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            ["pg_ctl", "-D", self.datadir, "-l", self.logfile, "-o", opts, "-w", "-t", "60", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self):
        if self.initialised() and self.running():
            log("stopping PostgreSQL")
            self._run(
                ["pg_ctl", "-D", self.datadir, "-m", "fast", "-w", "stop"],
                check=False,
                stdout=subprocess.DEVNULL,
            )

    def psql(self, sql, db="postgres"):
        cmd = [
            os.path.join(self.bindir, "psql"),
            "-h", self.sockdir, "-p", str(PG_PORT), "-U", DB_SUPERUSER,
            "-d", db, "-tAc", sql,
        ]  # fmt: skip
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()

    def database_exists(self, name):
        return self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"

    def drop_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --------------------------------------------------------------------------
# Odoo
# --------------------------------------------------------------------------
def odoo_default_addons_path():
    code = "from odoo.tools import config; config.parse_config([]); print(config['addons_path'])"
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tempfile.gettempdir()
    )
    return res.stdout.strip().splitlines()[-1]


def free_port():
    """A free local TCP port: test runs must not collide with a running Odoo."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url, server, timeout=120):
    """Wait until the Odoo server at `url` answers /web/health: True, or False once `server` (its process)
    exited or `timeout` seconds passed."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=5) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.5)


def write_config(cluster, name, **extra):
    path = os.path.join(RUN_DIR, f"odoo-{name}.conf")
    options = {
        "addons_path": f"{ADDONS_DIR},{odoo_default_addons_path()}",
        "data_dir": os.path.join(RUN_DIR, "filestore"),
        "db_host": cluster.sockdir,
        "db_port": PG_PORT,
        "db_user": DB_SUPERUSER,
        "db_password": "False",
        "admin_passwd": "admin",
        "http_port": HTTP_PORT,
        "without_demo": "False",
        "workers": 0,
        "max_cron_threads": 0,
        "limit_time_real": 0,
        "limit_time_cpu": 0,
        "list_db": "True",
    }
    options.update(extra)
    with open(path, "w", encoding="utf-8") as f:
        f.write("[options]\n")
        f.writelines(f"{key} = {value}\n" for key, value in options.items())
    return path


def odoo_cmd(config, *args):
    return [sys.executable, "-m", "odoo", "server", "-c", config, *args]


LOG_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<msg>.*)"
)
REPORT_RE = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests when loading database"
)


def run_odoo_tests(config, args, logname):
    """Run Odoo with --test-enable; return (run, failed, skipped, problems)."""
    os.makedirs(os.path.join(RUN_DIR, "logs"), exist_ok=True)
    logpath = os.path.join(RUN_DIR, "logs", logname)
    cmd = odoo_cmd(config, "--test-enable", "--stop-after-init", *args)
    log("running: " + " ".join(cmd[2:]))
    report = None
    skipped = 0
    errors = []
    current = None
    with open(logpath, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )  # fmt: skip
        for line in proc.stdout:
            out.write(line)
            m = LOG_RE.match(line)
            if not m:
                if current is not None:
                    current.append(line.rstrip("\n"))
                continue
            current = None
            level, msg = m.group("level"), m.group("msg")
            rep = REPORT_RE.search(msg)
            if rep and "when loading database" in msg:
                report = rep
                print(line, end="", flush=True)
                continue
            if level in ("ERROR", "CRITICAL"):
                current = [line.rstrip("\n")]
                errors.append(current)
                print(line, end="", flush=True)
            elif msg.startswith("skipped "):
                skipped += 1
            elif level == "INFO" and (msg.startswith(("Starting ", "Loading module")) or "post-tests in" in msg):
                print(line, end="", flush=True)
        rc = proc.wait()
    if report is None:
        log(f"Odoo stopped (exit {rc}) without a test report: see {logpath}")
        return 0, 1, skipped, errors
    run = int(report.group("run"))
    failed = int(report.group("failed")) + int(report.group("errors"))
    if not failed and (errors or rc):
        # errors outside any test (a broken view, a failing data file, a crash)
        log(f"Odoo logged {len(errors)} error(s) outside tests (exit {rc}): see {logpath}")
        failed = 1
    return run - skipped, failed, skipped, errors


def run_pytest(config, db, paths, junit_name, extra=(), env_extra=None):
    junit = os.path.join(RUN_DIR, "logs", junit_name)
    os.makedirs(os.path.dirname(junit), exist_ok=True)
    if os.path.exists(junit):
        os.remove(junit)  # a stale report must not stand for a run that did not write one
    env = dict(os.environ, CRM_FT_ODOO_CONFIG=config, CRM_FT_DB=db, CRM_FT_ROOT=ROOT, **(env_extra or {}))
    cmd = [sys.executable, "-m", "pytest", *paths, "-p", "no:cacheprovider", "-rfEs", f"--junitxml={junit}", *extra]
    log("running: pytest " + " ".join(paths))
    rc = subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode
    if not os.path.exists(junit):
        return 0, 1, 0
    suite = ET.parse(junit).getroot()
    if suite.tag == "testsuites":
        suite = suite[0]
    total = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    if rc not in (0, 5) and not failed:
        failed = 1  # pytest itself failed (usage, collection, internal error)
    return total - failed - skipped, failed, skipped


def summary(name, parts):
    passed = sum(p[0] for p in parts)
    failed = sum(p[1] for p in parts)
    skipped = sum(p[2] for p in parts)
    os.makedirs(os.path.join(RUN_DIR, "results"), exist_ok=True)
    with open(os.path.join(RUN_DIR, "results", f"{name}.json"), "w", encoding="utf-8") as f:
        json.dump({"passed": passed, "failed": failed, "skipped": skipped}, f)
    print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
    return 1 if failed or not passed else 0


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------
def run_suite(name, install, tested, opts, with_pytest=False, languages=()):
    """Fresh database `crm_ft_<name>`: install (with `languages` loaded), run the tested modules'
    Odoo tests (and tests/ with pytest), stop the cluster, print the summary line."""
    ensure_python_deps()
    ensure_browser()
    ensure_pdf_tools()
    cluster = Cluster()
    cluster.start()
    db = f"crm_ft_{name.replace('-', '_')}"
    parts = []
    try:
        cluster.drop_database(db)
        config = write_config(cluster, name, http_port=free_port(), http_interface="127.0.0.1")
        tags = ",".join(f"/{m}" for m in tested)
        args = ["-d", db, "-i", ",".join(install), f"--test-tags={tags}"]
        if languages:
            # every role's tour runs in the Chinese UI. Loaded while a database is created, a language
            # replaces English (base's install_lang makes it the default); loaded into a base database,
            # it comes beside English, and each module installed next brings its own terms
            subprocess.run(
                odoo_cmd(config, "-d", db, "-i", "base", "--stop-after-init", "--log-level=warn"),
                check=True, cwd=ROOT,
            )  # fmt: skip
            args.append("--load-language=" + ",".join(languages))
        result = run_odoo_tests(config, args, f"{name}.log")
        parts.append(result[:3])
        log("Odoo tests: %d passed, %d failed, %d skipped" % result[:3])
        if with_pytest:
            parts.append(run_pytest(config, db, ["tests"], "pytest.xml", opts.pytest_args))
    finally:
        if not opts.keep:
            cluster.stop()
    return summary(name, parts)


def cmd_test(opts):
    return run_suite("test", MODULES, MODULES, opts, with_pytest=True, languages=["zh_CN"])


def cmd_compat(opts):
    # Odoo's own suites, installed in one database with the four modules
    return run_suite("test-compat", COMPAT_MODULES + MODULES, COMPAT_MODULES, opts)


# --------------------------------------------------------------------------
# Benchmarks
# --------------------------------------------------------------------------
BENCH_DIR = os.path.join(ROOT, "bench")
BENCH_RESULTS_ENV = "CRM_FT_BENCH_RESULTS"  # tests/bench_results.py appends the rows there
BENCH_DIGEST_KEY = "crm_ft.bench_source_digest"
BENCH_SCALES = {
    "full": "full (`CRM_FT_BENCH_FULL=1`: 20,000 customers, 500,000 invoice lines, 100,000 opportunities)",
    "small": "small (the benchmarks' defaults, as in `make test`)",
}


def source_digest():
    """A digest of the four addons' source (tests and readmes aside): the benchmark database is current while
    it has not changed."""
    digest = hashlib.sha256()
    for module in MODULES:
        top = os.path.join(ADDONS_DIR, module)
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "tests", "readme"))
            for name in sorted(filenames):
                if name.endswith((".pyc", ".rst", ".md")):
                    continue
                path = os.path.join(dirpath, name)
                digest.update(os.path.relpath(path, ADDONS_DIR).encode() + b"\0")
                with open(path, "rb") as f:
                    digest.update(f.read())
    return digest.hexdigest()


def bench_database_digest(cluster, db):
    """The source digest the database was built from, or None (missing, unfinished or broken)."""
    if not cluster.database_exists(db):
        return None
    names = ", ".join(f"'{m}'" for m in MODULES)
    try:
        installed = cluster.psql(
            f"SELECT COUNT(*) FROM ir_module_module WHERE name IN ({names}) AND state = 'installed'", db=db
        )
        stored = cluster.psql(f"SELECT value FROM ir_config_parameter WHERE key = '{BENCH_DIGEST_KEY}'", db=db)
    except subprocess.CalledProcessError:
        return None
    return stored if installed == str(len(MODULES)) and stored else None


def build_bench_database(cluster, config, db, digest):
    """The four modules with their demo data, English and Chinese: as the test database, without its tests."""
    # the vanilla databases the query budgets keep beside it are rebuilt with it
    for name in (db, f"{db}_vanilla", f"{db}_vanilla_crm"):
        cluster.drop_database(name)
    for args in (["-i", "base"], ["-i", ",".join(MODULES), "--load-language=zh_CN"]):
        subprocess.run(odoo_cmd(config, "-d", db, *args, "--stop-after-init", "--log-level=warn"), check=True, cwd=ROOT)
    cluster.psql(
        "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date) "
        f"VALUES ('{BENCH_DIGEST_KEY}', '{digest}', 1, 1, now() at time zone 'UTC', now() at time zone 'UTC') "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        db=db,
    )


def machine_info(cluster, scale, elapsed):
    """Where and when the benchmarks ran, for the table's heading."""

    def first(cmd):
        res = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
        return res.stdout.strip() if res.returncode == 0 else ""

    with open("/proc/meminfo", encoding="utf-8") as f:
        kib = next((int(line.split()[1]) for line in f if line.startswith("MemTotal")), 0)
        ram = f"{kib / 1024 / 1024:.1f} GB RAM" if kib else ""
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    commit = first(["git", "rev-parse", "--short", "HEAD"]) or "unknown"
    if first(["git", "status", "--porcelain", "--untracked-files=no"]):
        commit += " with local changes"
    odoo = first([sys.executable, "-c", "import odoo.release as r; print(r.version)"])
    return {
        "Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "Scale": BENCH_SCALES[scale],
        "Machine": ", ".join(filter(None, [f"{os.cpu_count()} CPUs", cpu, ram, platform.platform(terse=True)])),
        "PostgreSQL": cluster.psql("SHOW server_version"),
        "Odoo": odoo,
        "Commit": commit,
        "Duration": f"{elapsed / 60:.0f} min",
    }


def cmd_bench(opts):
    """Every test marked `benchmark` in tests/, on a database with the four modules (kept between runs,
    rebuilt when their source changed), then one table: printed and written to bench/."""
    import bench_table  # beside this file; imported here so that `tools.odoo_runner` imports alone

    ensure_python_deps()
    scale = opts.scale
    cluster = Cluster()
    cluster.start()
    db = opts.db
    started = time.monotonic()
    try:
        config = write_config(cluster, "bench", http_port=free_port(), http_interface="127.0.0.1")
        digest = source_digest()
        built = bench_database_digest(cluster, db)
        if built == digest and not opts.rebuild:
            log(f"reusing database {db}: its four modules are installed from the current source")
        else:
            reason = "asked to" if opts.rebuild else "it does not exist" if built is None else "the modules changed"
            log(f"building database {db} with the four modules ({reason})")
            build_bench_database(cluster, config, db, digest)
        results = os.path.join(RUN_DIR, "bench", "results.jsonl")
        os.makedirs(os.path.dirname(results), exist_ok=True)
        if os.path.exists(results):
            os.remove(results)
        env_extra = {BENCH_RESULTS_ENV: results, "CRM_FT_BENCH_FULL": "1" if scale == "full" else "0",
                     "CRM_FT_KEEP_VANILLA": "1"}  # fmt: skip
        log(f"running the benchmarks at {scale} scale")
        run_pytest(config, db, ["tests"], "bench.xml", ["-m", "benchmark", *opts.pytest_args], env_extra)
        junit = os.path.join(RUN_DIR, "logs", "bench.xml")
        outcomes = bench_table.junit_outcomes(junit)
        machine = machine_info(cluster, scale, time.monotonic() - started)
    finally:
        if not opts.keep:
            cluster.stop()
    markdown, crashed = bench_table.render(bench_table.load_rows(results), outcomes, machine)
    os.makedirs(BENCH_DIR, exist_ok=True)
    # a quick small-scale run does not replace the full-scale table kept in the repository
    path = os.path.join(BENCH_DIR, "results.md" if scale == "full" else "results-small.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(markdown)
    print("\n" + markdown, flush=True)
    log(f"table written to {os.path.relpath(path, ROOT)}")
    if not outcomes:
        log("pytest wrote no report: the benchmarks did not run (see its output above)")
        return 1
    return 1 if crashed else 0


GENERATE_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from tools.generate_scale import generate
started = time.perf_counter()
counts = generate(env, {customers}, {years}, {orders}, {lines}, {opportunities}, {seed},
                  log=lambda msg: print("[generate] " + msg, flush=True))
env.cr.commit()
print("[generate] " + ", ".join(f"{{counts[key]:,}} {{key.replace('_', ' ')}}" for key in (
    "customers", "orders", "invoice_lines", "credit_notes", "opportunities", "stage_changes")), flush=True)
print(f"[generate] done in {{time.perf_counter() - started:.0f}} s", flush=True)
"""


def cmd_generate(opts):
    """A database at benchmark scale: the four modules with their demo data (created when missing, like the
    benchmark database), then tools/generate_scale.py's customers, orders, invoices and opportunities."""
    ensure_python_deps()
    cluster = Cluster()
    cluster.start()
    db = opts.db
    try:
        config = write_config(cluster, "generate", http_port=free_port(), http_interface="127.0.0.1")
        if opts.rebuild:
            cluster.drop_database(db)
        if cluster.database_exists(db):
            log(f"adding to database {db}")
        else:
            log(f"creating database {db} with the four modules and their demo data")
            build_bench_database(cluster, config, db, source_digest())
        script = GENERATE_SCRIPT.format(
            root=ROOT, customers=opts.customers, years=opts.years, orders=opts.orders_per_customer,
            lines=opts.lines_per_order, opportunities=opts.opportunities, seed=opts.seed,
        )  # fmt: skip
        log(f"generating into {db}")
        return subprocess.run(
            [sys.executable, "-m", "odoo", "shell", "-c", config, "-d", db, "--no-http", "--log-level=warn"],
            input=script, text=True, check=False, cwd=ROOT,
        ).returncode  # fmt: skip
    finally:
        if not opts.keep:
            cluster.stop()


def install_in_chinese(config, db):
    """A new database in Chinese with the four modules (and their demo data)."""
    subprocess.run(
        odoo_cmd(config, "-d", db, "-i", ",".join(MODULES), "--load-language=zh_CN", "--stop-after-init",
                 "--log-level=warn"),
        check=True, cwd=ROOT,
    )  # fmt: skip


def cmd_demo(opts):
    ensure_python_deps()
    ensure_pdf_tools()
    cluster = Cluster()
    cluster.start()
    db = opts.db
    config = write_config(cluster, "demo", dbfilter=f"^{db}$")
    if not cluster.database_exists(db):
        log(f"creating database {db} with the four modules, their demo data and the demo company's story")
        install_in_chinese(config, db)
        # the demo shows the policies a consultant would switch on
        switch_on = (
            "env['res.config.settings'].create({'pool_enabled': True, 'collision_check': True,"
            " 'execution_checklists': True, 'credit_policy': True, 'visit_planning': True}).execute()\n"
            "env['crm.visit.plan']._cron_plan_visits()  # the salespeople's visit calendar of the coming week\n"
            "env.cr.commit()\n"
            # the company's story (tools/demo_story): customers, two years of money, pipeline, jobs run once
            "from tools import demo_story\n"
            "facts = demo_story.build(env)\n"
            "env.cr.commit()\n"
            "print('demo story built in %s s: %s customers, %s orders, %s invoices' % (facts['seconds']['total'],"
            " facts['customers'], facts['sales']['orders'], facts['sales']['invoices']))\n"
        )
        subprocess.run(
            [sys.executable, "-m", "odoo", "shell", "-c", config, "-d", db, "--no-http", "--log-level=warn"],
            input=switch_on, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
    else:
        log(f"reusing database {db}")
    print(
        "\n  Odoo serves the demo on http://localhost:%d\n"
        "  Database: %s   Login: admin   Password: admin\n"
        "  Stop with Ctrl+C.\n" % (HTTP_PORT, db),
        flush=True,
    )
    proc = subprocess.Popen(odoo_cmd(config, "-d", db, "--log-level=warn"), cwd=ROOT)

    def forward(signum, _frame):
        proc.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    try:
        return proc.wait()
    finally:
        cluster.stop()


def cmd_i18n(opts):
    """Regenerate each module's .pot from the code and merge it into zh_CN.po.

    Existing translations are kept; new terms arrive untranslated (and make
    tests/test_translations.py fail until somebody translates them).
    """
    import polib

    ensure_python_deps()
    cluster = Cluster()
    cluster.start()
    db = "crm_ft_i18n"
    try:
        cluster.drop_database(db)
        config = write_config(cluster, "i18n")  # demo terms are shipped too
        install_in_chinese(config, db)
        for module in opts.modules or MODULES:
            i18n_dir = os.path.join(ADDONS_DIR, module, "i18n")
            os.makedirs(i18n_dir, exist_ok=True)
            pot_path = os.path.join(i18n_dir, f"{module}.pot")
            subprocess.run(
                odoo_cmd(
                    config, "-d", db, f"--i18n-export={pot_path}", f"--modules={module}",
                    "--stop-after-init", "--log-level=warn",
                ),
                check=True,
                cwd=ROOT,
            )  # fmt: skip
            pot = polib.pofile(pot_path)
            # dates in headers would make every regeneration a diff
            for key in ("POT-Creation-Date", "PO-Revision-Date"):
                pot.metadata[key] = ""
            pot.save(pot_path)
            po_path = os.path.join(i18n_dir, "zh_CN.po")
            po = polib.pofile(po_path) if os.path.exists(po_path) else polib.POFile()
            po.metadata = dict(pot.metadata, Language="zh_CN")
            po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
            po.merge(pot)
            # drop terms that left the code: a stale .po hides missing ones
            for entry in [e for e in po if e.obsolete]:
                po.remove(entry)
            po.save(po_path)
            # OCA's po-pretty-format (sorted, wrapped) so the lint test agrees
            subprocess.run(
                [sys.executable, "-c", "from oca_pre_commit_hooks.cli_po import main; main()",
                 "--fix", "--no-exit", "--no-verbose", po_path, pot_path],
                check=False, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            missing = len([e for e in po if not e.msgstr or e.fuzzy])
            log(f"{module}: {len(po)} terms, {missing} without a zh_CN translation")
    finally:
        cluster.stop()
    return 0


def cmd_shell(opts):
    """An Odoo shell on one of the project's databases (the last test run's by default)."""
    cluster = Cluster()
    cluster.start()
    config = write_config(cluster, "shell")
    cmd = [sys.executable, "-m", "odoo", "shell", "-c", config, "-d", opts.db, "--no-http", "--log-level=warn"]
    return subprocess.run(cmd, cwd=ROOT, check=False).returncode


def cmd_screenshots(opts):
    """The README's screenshots (tools/screenshots.py) from the demo database `make demo` built."""
    import screenshots  # beside this file; imported here so that `tools.odoo_runner` imports alone

    ensure_python_deps()
    ensure_pdf_tools()
    ensure_browser()
    cluster = Cluster()
    cluster.start()
    if not cluster.database_exists(opts.db):
        log(f"database {opts.db} not found: run `make demo` first")
        return 2
    port = free_port()
    config = write_config(cluster, "screenshots", http_port=port, http_interface="127.0.0.1", dbfilter=f"^{opts.db}$")
    os.makedirs(os.path.join(RUN_DIR, "logs"), exist_ok=True)
    with open(os.path.join(RUN_DIR, "logs", "screenshots-server.log"), "w", encoding="utf-8") as server_log:
        server = subprocess.Popen(
            odoo_cmd(config, "-d", opts.db, "--log-level=warn"), cwd=ROOT, stdout=server_log, stderr=server_log
        )
        url = f"http://127.0.0.1:{port}"
        try:
            if not wait_for_health(url, server):
                log("the Odoo server did not start (.run/logs/screenshots-server.log)")
                return 1
            screenshots.take(url, opts.db, os.path.join(ROOT, opts.out), log=log)
        finally:
            server.terminate()
            server.wait(30)
    return 0


def have_postgresql():
    return bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def cmd_stop(_opts):
    if have_postgresql():  # nothing to stop (or install) without it
        Cluster().stop()
    return 0


def cmd_clean(_opts):
    """Stop the cluster and remove it with .run/ (filestore, logs, results)."""
    cmd_stop(_opts)
    for path in (external_pg_home(), RUN_DIR):
        if os.path.isdir(path):
            log(f"removing {path}")
            shutil.rmtree(path)
    return 0


def cmd_cluster_check(opts):
    """Start the cluster, ask it `SELECT 1`, stop it (unless --keep): the cluster
    alone, without Odoo."""
    cluster = Cluster()
    cluster.start()
    try:
        answer = cluster.psql("SELECT 1")
        where = f"data {cluster.datadir} socket {cluster.sockdir} port {PG_PORT}"
        print(f"cluster: {where} SELECT 1 = {answer}", flush=True)
    finally:
        if not opts.keep:
            cluster.stop()
    return 0 if answer == "1" else 1


def at_least(least):
    """An argparse type: a whole number of at least `least`."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < least:
            raise argparse.ArgumentTypeError(f"a whole number of at least {least} is needed, not {text!r}")
        return value

    return parse


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("test", help="fresh database, module tests and tests/")
    p.add_argument("--keep", action="store_true", help="leave the cluster running")
    p.add_argument("pytest_args", nargs="*", help="extra arguments for pytest")
    p = sub.add_parser("test-compat", help="Odoo's crm/sale suites with our modules")
    p.add_argument("--keep", action="store_true", help="leave the cluster running")
    p = sub.add_parser("bench", help="every benchmark, one table (bench/results.md)")
    p.add_argument("--scale", choices=sorted(BENCH_SCALES), default=os.environ.get("BENCH_SCALE") or "full")
    p.add_argument("--db", default="crm_ft_bench")
    p.add_argument("--rebuild", action="store_true", help="rebuild the benchmark database even if current")
    p.add_argument("--keep", action="store_true", help="leave the cluster running")
    p.add_argument("pytest_args", nargs="*", help="extra arguments for pytest (e.g. -k funnel)")
    p = sub.add_parser("generate", help="a database at benchmark scale (tools/generate_scale.py)")
    p.add_argument("--db", default="crm_ft_scale")
    p.add_argument("--customers", type=at_least(1), default=20000)
    p.add_argument("--years", type=at_least(1), default=2, help="years of orders, the months up to today")
    p.add_argument("--orders-per-customer", type=at_least(0), default=5)
    p.add_argument("--lines-per-order", type=at_least(1), default=5)
    p.add_argument("--opportunities", type=at_least(0), default=100000)
    p.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
    p.add_argument("--rebuild", action="store_true", help="drop the database first")
    p.add_argument("--keep", action="store_true", help="leave the cluster running")
    p = sub.add_parser("demo", help="serve a demo database")
    p.add_argument("--db", default="crm_ft_demo")
    p = sub.add_parser("i18n", help="regenerate .pot files and merge zh_CN.po")
    p.add_argument("modules", nargs="*")
    p = sub.add_parser("screenshots", help="the README's screenshots from the demo database (docs/screenshots)")
    p.add_argument("--db", default="crm_ft_demo")
    p.add_argument("--out", default=os.path.join("docs", "screenshots"))
    p = sub.add_parser("shell", help="odoo shell on a project database")
    p.add_argument("--db", default="crm_ft_test")
    sub.add_parser("stop", help="stop the project's PostgreSQL cluster")
    sub.add_parser("clean", help="stop and remove the cluster, filestore, logs and results")
    p = sub.add_parser("cluster-check", help="start the cluster, SELECT 1, stop it")
    p.add_argument("--keep", action="store_true", help="leave the cluster running")
    opts = parser.parse_args(argv)
    if opts.command not in ("stop", "clean", "cluster-check"):
        check_odoo()
    handler = {
        "shell": cmd_shell,
        "screenshots": cmd_screenshots,
        "i18n": cmd_i18n,
        "test": cmd_test,
        "test-compat": cmd_compat,
        "bench": cmd_bench,
        "generate": cmd_generate,
        "demo": cmd_demo,
        "stop": cmd_stop,
        "clean": cmd_clean,
        "cluster-check": cmd_cluster_check,
    }
    return handler[opts.command](opts)


if __name__ == "__main__":
    sys.exit(main())
