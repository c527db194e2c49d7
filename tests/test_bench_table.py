"""The table of `make bench`: what the benchmarks record is what the table shows, each row's pass/fail
computed from its ratio (or difference, or value) against its target, and a benchmark that crashed, was
skipped or recorded nothing shows as such instead of disappearing from the table."""

import json
import subprocess
import sys
import textwrap

import pytest
from bench_results import RESULTS_ENV, BenchRecorder, recorder

from conftest import ROOT
from tools import bench_table, odoo_runner

MACHINE = {"Date": "2026-12-02 10:00 UTC", "Machine": "2 CPUs"}


def cells(markdown):
    """{measure: [ours, reference, ratio, target, result]} of the table's lines."""
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("| Measure |"):
            measure, *rest = [cell.strip() for cell in line.strip("|").split(" | ")]
            rows[measure] = rest
    return rows


def test_recorder_appends_json_lines_only_where_told(tmp_path, monkeypatch):
    path = tmp_path / "results.jsonl"
    bench = BenchRecorder("tests/test_x.py::test_y", str(path))
    bench.record("Funnel vs raw SQL", 1.5, 1.0, unit="s", max_ratio=2)
    bench.record("Credit race: rounds over the limit", 0, unit="rounds", max_value=0)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows == bench.rows
    assert rows[0] == {
        "benchmark": "tests/test_x.py::test_y", "measure": "Funnel vs raw SQL", "unit": "s", "ours": 1.5,
        "reference": 1.0, "target": {"kind": "max_ratio", "value": 2},
    }  # fmt: skip
    assert rows[1]["reference"] is None and rows[1]["target"] == {"kind": "max_value", "value": 0}

    # without the variable (`make test`, a benchmark run by hand) nothing is written anywhere
    monkeypatch.delenv(RESULTS_ENV, raising=False)
    assert recorder("tests/test_x.py::test_y").path is None
    monkeypatch.setenv(RESULTS_ENV, str(path))
    recorder("tests/test_x.py::test_z").record("Another", 2, 1, unit="queries", max_extra=1)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    assert odoo_runner.BENCH_RESULTS_ENV == RESULTS_ENV, "the runner reads the file the benchmarks write"


def test_recorder_refuses_ambiguous_targets():
    bench = BenchRecorder("tests/test_x.py::test_y")
    with pytest.raises(ValueError, match="one target per row"):
        bench.record("Two targets", 1, 1, unit="s", max_ratio=2, max_extra=1)
    with pytest.raises(ValueError, match="needs the reference"):
        bench.record("No reference", 1, unit="s", max_ratio=2)


def test_pass_or_fail_from_ratio_difference_or_value():
    bench = BenchRecorder("tests/test_benchmark_x.py::test_x")
    bench.record("within 3x", 2.5, 1.0, unit="s", max_ratio=3)
    bench.record("exactly 3x", 3.0, 1.0, unit="s", max_ratio=3)
    bench.record("over 3x", 3.6, 1.0, unit="s", max_ratio=3)
    bench.record("5 queries more", 45, 40, unit="queries", max_extra=5)
    bench.record("6 queries more", 46, 40, unit="queries", max_extra=5)
    bench.record("no failure", 0, unit="rounds", max_value=0)
    bench.record("one failure", 1, unit="rounds", max_value=0)
    bench.record("no target", 7.0, 2.0, unit="ms")
    markdown, crashed = bench_table.render(bench.rows, {}, MACHINE)
    table = cells(markdown)
    assert table["within 3x"] == ["2.50 s", "1.00 s", "2.50×", "≤ 3×", "pass"]
    assert table["exactly 3x"][2:] == ["3.00×", "≤ 3×", "pass"]
    assert table["over 3x"][2:] == ["3.60×", "≤ 3×", "**fail**"]
    assert table["5 queries more"] == ["45 queries", "40 queries", "+5 (1.12×)", "≤ +5 queries", "pass"]
    assert table["6 queries more"][2:] == ["+6 (1.15×)", "≤ +5 queries", "**fail**"]
    assert table["no failure"] == ["0 rounds", "—", "—", "= 0 rounds", "pass"]
    assert table["one failure"][4] == "**fail**"
    assert table["no target"][2:] == ["3.50×", "—", "—"]
    assert "4 passed, 3 failed of 8 measures; 0 benchmark(s) crashed." in markdown
    assert crashed == 0
    assert "- Date: 2026-12-02 10:00 UTC" in markdown and "- Machine: 2 CPUs" in markdown


SAMPLE_BENCHMARKS = """
import pytest

@pytest.mark.benchmark
def test_measured(bench):
    bench.record("Measured vs reference", 2.0, 1.0, unit="s", max_ratio=3)

@pytest.mark.benchmark
def test_crashes(bench):
    raise RuntimeError("generator ran out of partners")

@pytest.mark.benchmark
def test_skipped(bench):
    pytest.skip("needs chromium")

@pytest.mark.benchmark
def test_silent(bench):
    pass

@pytest.mark.benchmark
def test_over_budget(bench):
    bench.record("Queries vs vanilla", 20, 10, unit="queries", max_extra=5)
    assert 20 - 10 <= 5, "more than 5 queries over vanilla"

def test_not_a_benchmark(bench):
    bench.record("Must not appear", 1, 1, unit="s")
"""


def test_a_real_pytest_run_becomes_the_table(tmp_path):
    """The runner's way: pytest -m benchmark with the results file and a JUnit report, then the table."""
    tests = tmp_path / "tests"
    tests.mkdir()
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    benchmark: sample\n", encoding="utf-8")
    (tests / "conftest.py").write_text(
        "import pytest\nfrom bench_results import recorder\n\n\n@pytest.fixture\ndef bench(request):\n"
        "    return recorder(request.node.nodeid)\n",
        encoding="utf-8",
    )
    (tests / "test_benchmark_sample.py").write_text(textwrap.dedent(SAMPLE_BENCHMARKS), encoding="utf-8")
    results, junit = tmp_path / "results.jsonl", tmp_path / "bench.xml"
    env = {"PATH": "/usr/bin:/bin", RESULTS_ENV: str(results), "PYTHONPATH": f"{ROOT}/tests"}
    subprocess.run(
        [sys.executable, "-m", "pytest", "tests", "-m", "benchmark", "-p", "no:cacheprovider", f"--junitxml={junit}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    markdown, crashed = bench_table.render(
        bench_table.load_rows(str(results)), bench_table.junit_outcomes(str(junit)), MACHINE
    )
    table = cells(markdown)
    assert table["Measured vs reference"] == ["2.00 s", "1.00 s", "2.00×", "≤ 3×", "pass"]
    assert table["Queries vs vanilla"][2:] == ["+10 (2.00×)", "≤ +5 queries", "**fail**"]
    assert table["`test_over_budget`"][4].startswith("**failed after measuring**: AssertionError: more than 5")
    assert table["`test_crashes`"] == ["—", "—", "—", "—", "**crashed**: RuntimeError: generator ran out of partners"]
    assert table["`test_skipped`"][4] == "**missing**: skipped (needs chromium)"
    assert table["`test_silent`"][4] == "**missing**: recorded no result"
    assert "Must not appear" not in markdown and "`test_not_a_benchmark`" not in markdown
    assert crashed == 1, "only the benchmark that measured nothing because of an error crashed"
    assert list(table)[:2] == ["Measured vs reference", "`test_crashes`"], "rows in the order of the tests"


def test_the_benchmark_database_is_rebuilt_only_when_the_modules_change(tmp_path, monkeypatch):
    """`make bench` reuses its database while this digest of the modules' source is unchanged."""
    module = tmp_path / "crm_sample"
    for folder in ("models", "tests", "readme"):
        (module / folder).mkdir(parents=True)
    (module / "__manifest__.py").write_text("{'name': 'Sample'}", encoding="utf-8")
    (module / "models" / "sample.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(odoo_runner, "ADDONS_DIR", str(tmp_path))
    monkeypatch.setattr(odoo_runner, "MODULES", ["crm_sample"])
    built = odoo_runner.source_digest()

    (module / "tests" / "test_sample.py").write_text("def test_x():\n    pass\n", encoding="utf-8")
    (module / "readme" / "USAGE.md").write_text("Usage\n", encoding="utf-8")
    assert odoo_runner.source_digest() == built, "tests and readmes do not change the installed modules"
    (module / "models" / "sample.py").write_text("x = 2\n", encoding="utf-8")
    assert odoo_runner.source_digest() != built
