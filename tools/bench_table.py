"""The benchmark table of `make bench`: the rows the benchmarks recorded (tests/bench_results.py) and each
benchmark test's outcome (pytest's JUnit XML), rendered as one Markdown table with the machine it ran on.

A row passes when its ratio (ours / reference) is within `max_ratio`, its difference (ours - reference) within
`max_extra`, or its value within `max_value`. A benchmark test that recorded nothing still gets a row: skipped
or silent ones show as "missing", failed ones as "crashed" (its error's first line).
"""

import json
import os
import xml.etree.ElementTree as ET

COLUMNS = ("Measure", "Ours", "Reference", "Ratio", "Target", "Result")
MESSAGE_CHARS = 120


def load_rows(path):
    """The recorded rows, in the order they were recorded ([] without the file)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_key(nodeid_or_classname, name=None):
    """(module, test) of a pytest node id (`tests/test_x.py::test_y`) or of a JUnit classname and name."""
    if name is None:
        path, _sep, name = nodeid_or_classname.partition("::")
        module = os.path.splitext(os.path.basename(path))[0]
    else:
        module = nodeid_or_classname.rpartition(".")[2]
    return module, name


def junit_outcomes(path):
    """{(module, test): (outcome, message)} of a JUnit XML file, outcome passed/failed/error/skipped, in order."""
    outcomes = {}
    if not os.path.exists(path):
        return outcomes
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            node = case.find(tag)
            if node is not None:
                outcome = {"failure": "failed"}.get(tag, tag)
                message = node.get("message") or (node.text or "")
                break
        outcomes[test_key(case.get("classname", ""), case.get("name", ""))] = (outcome, message)
    return outcomes


def short(message):
    line = next((line.strip() for line in (message or "").splitlines() if line.strip()), "")
    line = line if len(line) <= MESSAGE_CHARS else line[: MESSAGE_CHARS - 1] + "…"
    return line.replace("|", "\\|")


def number(value, unit):
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer() and unit not in ("s", "ms"):
        text = f"{int(value):,}"
    elif abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}" if unit else text


def evaluate(row):
    """(ratio text, target text, passed: True/False/None without a target) of a recorded row."""
    ours, reference, target = row["ours"], row.get("reference"), row.get("target")
    ratio = ours / reference if reference else None
    ratio_text = f"{ratio:.2f}×" if ratio is not None else "—"
    if not target:
        return ratio_text, "—", None
    kind, limit = target["kind"], target["value"]
    if kind == "max_ratio":
        passed = ratio is not None and ratio <= limit
        return ratio_text, f"≤ {limit:g}×", passed
    if kind == "max_extra":
        extra = ours - reference
        text = f"{extra:+g}" + (f" ({ratio_text})" if ratio is not None else "")
        return text, f"≤ {limit:+g} {row['unit']}".rstrip(), extra <= limit
    if kind == "max_value":
        return ratio_text, f"{'=' if limit == 0 else '≤'} {limit:g} {row['unit']}".rstrip(), ours <= limit
    raise ValueError(f"unknown target {kind!r}")


def table_rows(rows, outcomes):
    """The table's cells, one tuple per line, and the number of crashed benchmarks.

    The rows recorded, grouped by benchmark in the order of the tests; then a line per benchmark test that
    recorded nothing (missing, crashed) or failed after recording (its rows stay, the failure is added).
    """
    by_test = {}
    for row in rows:
        by_test.setdefault(test_key(row["benchmark"]), []).append(row)
    order = list(outcomes) + [key for key in by_test if key not in outcomes]
    lines, crashed = [], 0
    for key in order:
        outcome, message = outcomes.get(key, ("passed", ""))
        recorded = by_test.get(key, [])
        for row in recorded:
            ratio, target, passed = evaluate(row)
            result = "—" if passed is None else ("pass" if passed else "**fail**")
            lines.append(
                (row["measure"], number(row["ours"], row["unit"]), number(row.get("reference"), row["unit"]),
                 ratio, target, result)
            )  # fmt: skip
        label = f"`{key[1]}`"
        if not recorded:
            if outcome in ("failed", "error"):
                crashed += 1
                result = f"**crashed**: {short(message)}"
            elif outcome == "skipped":
                result = f"**missing**: skipped ({short(message)})"
            else:
                result = "**missing**: recorded no result"
            lines.append((label, "—", "—", "—", "—", result))
        elif outcome in ("failed", "error"):
            lines.append((label, "—", "—", "—", "—", f"**failed after measuring**: {short(message)}"))
    return lines, crashed


def render(rows, outcomes, machine):
    """The Markdown of the table with its heading (machine: ordered {label: value}); and the crashed count."""
    lines, crashed = table_rows(rows, outcomes)
    verdicts = [evaluate(row)[2] for row in rows]
    out = [
        "# Benchmark results",
        "",
        "Produced by `make bench` (see README.md, *Benchmarks*); each ratio compares two measurements of the same run.",
        "",
        *[f"- {label}: {value}" for label, value in machine.items()],
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|---|---:|---:|---:|---|---|",
        *["| " + " | ".join(cells) + " |" for cells in lines],
        "",
        (
            f"{verdicts.count(True)} passed, {verdicts.count(False)} failed of {len(rows)} measures; "
            f"{crashed} benchmark(s) crashed."
        ),
        "",
    ]
    return "\n".join(out), crashed
