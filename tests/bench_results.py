"""The rows each benchmark adds to the table `make bench` prints (rendered by tools/bench_table.py).

A benchmark records what it measured through the `bench` fixture (tests/conftest.py), after its own printed
line, for example::

    bench.record("funnel of a year vs one raw SQL", ours_s, raw_s, unit="s", max_ratio=2)

One row: the measure, our value and the reference measured in the same run, their unit, and a target: at most
`max_ratio` times the reference (times), at most `max_extra` more than the reference (query counts) or at most
`max_value` whatever the reference (counts of failures). The table computes the ratio and pass/fail.

Rows are appended as JSON lines to the file named by CRM_FT_BENCH_RESULTS (`make bench` sets it); without it
(`make test`, a benchmark run by hand) nothing is written.
"""

import json
import os

RESULTS_ENV = "CRM_FT_BENCH_RESULTS"
TARGETS = ("max_ratio", "max_extra", "max_value")


class BenchRecorder:
    """Records the rows of one benchmark test."""

    def __init__(self, benchmark, path=None):
        self.benchmark = benchmark  # the test's node id: the table matches it with the test's outcome
        self.path = path
        self.rows = []

    def record(self, measure, ours, reference=None, *, unit, max_ratio=None, max_extra=None, max_value=None):
        """Add one row; returns it. `reference` may be None for a measure without one (a count of failures)."""
        targets = {"max_ratio": max_ratio, "max_extra": max_extra, "max_value": max_value}
        given = {name: value for name, value in targets.items() if value is not None}
        if len(given) > 1:
            raise ValueError(f"one target per row, got {sorted(given)}")
        if ("max_ratio" in given or "max_extra" in given) and reference is None:
            raise ValueError(f"{measure}: a target relative to the reference needs the reference")
        target = next(iter(given.items()), None)
        row = {
            "benchmark": self.benchmark,
            "measure": measure,
            "unit": unit,
            "ours": ours,
            "reference": reference,
            "target": {"kind": target[0], "value": target[1]} if target else None,
        }
        self.rows.append(row)
        if self.path:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        return row


def recorder(benchmark):
    """A recorder writing where CRM_FT_BENCH_RESULTS says, or nowhere."""
    return BenchRecorder(benchmark, os.environ.get(RESULTS_ENV) or None)
