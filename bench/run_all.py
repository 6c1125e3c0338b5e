"""Run every benchmark and print the figures; also write them to bench/results.md.

    .venv/bin/python bench/run_all.py [--sizes 1000,10000] [--skip-formats] [--skip-pdf] [--skip-ocr] [--skip-e2e]

1. files per second per format, one core, through ``parse_bytes`` (bench/formats.py);
2. our PDF parsing against pdfplumber's ``extract_tables()`` (bench/pdf_vs_pdfplumber.py);
3. end to end (``run_pipeline``: parse -> Parquet lake -> DuckDB raw -> dbt build -> publish) on a generated
   corpus of each size (bench/corpus.py, cached under bench/.corpus/), with the peak memory of the whole
   process tree (the run's process, the parse workers, dbt);
4. a re-run with one new file among them (content-hash skip: only the new file is parsed);
5. ``dbt build`` alone on the built warehouse;
6. the machine.
Progress goes to stderr, results to stdout. Work files (lake, warehouses, logs) go to bench/.work/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from bench.common import (  # noqa: E402
    WORK,
    BackgroundLoad,
    TreeSampler,
    cores_text,
    log,
    machine,
    md_table,
    timer,
    wait_until_quiet,
)

RESULTS = ROOT / "bench" / "results.md"
STEP_NAMES = {"parsed_reports": "parse", "raw_tables": "load raw", "ogi_dbt_models": "dbt build", "published_warehouse": "publish"}


def _dir_mib(path: Path) -> float:
    """Bytes of all files under a folder, in MiB."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20 if path.exists() else 0.0


def run_measured(cmd: list[str], log_file: Path, env: dict | None = None, cwd: Path = ROOT) -> tuple[float, dict, int]:
    """Run a command with its process tree's memory and the machine's other load sampled; (wall s, measures, exit code)."""
    with open(log_file, "w") as out, BackgroundLoad() as load:
        start = timer()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        with TreeSampler(proc.pid) as sampler:
            code = proc.wait()
        wall = timer() - start
    return wall, {**sampler.as_dict(), "background_cores": load.cores}, code


def pipeline_run(inbox: Path, work: Path, workers: int, label: str) -> dict:
    """One ``run_pipeline`` in a fresh process (bench/e2e.py); its measurements plus the sampled memory."""
    out = work / f"{label}.json"
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cmd = [sys.executable, "-m", "bench.e2e", "--inbox", str(inbox), "--work", str(work), "--workers", str(workers), "--out", str(out)]
    wall, memory, code = run_measured(cmd, work / f"{label}.log", env)
    if code != 0 or not out.exists():
        raise SystemExit(f"pipeline run {label} failed (exit {code}); see {work / (label + '.log')}")
    result = json.loads(out.read_text(encoding="utf-8"))
    if not result["success"]:
        log(f"!! pipeline run {label} FAILED at {result['failed_steps']}; see {work / (label + '.log')}")
    result.update(process_wall_s=wall, **memory)
    steps = result["steps_s"]
    # parsed_reports is a graph: its steps are parsed_reports.discover_tasks, .parse_batch[...], .collect_outcomes
    by_node: dict[str, float] = {}
    for key, seconds in steps.items():
        node = key.split(".")[0].split("[")[0]
        by_node[node] = by_node.get(node, 0.0) + seconds
    result["phases_s"] = {name: by_node.get(key, 0.0) for key, name in STEP_NAMES.items()}
    result["phases_s"]["other steps"] = sum(v for k, v in by_node.items() if k not in STEP_NAMES)
    result["phases_s"]["orchestration"] = result["wall_s"] - sum(steps.values())
    result.update(_dbt_nodes(work / f"{label}.log"))
    return result


def _dbt_nodes(log_file: Path) -> dict:
    """How many dbt nodes the run's build ran and dbt's own time for them ("Finished running ... (N s)").

    The rest of the dbt step is dbt's start-up (a Python process importing dbt), its project parse and
    dagster-dbt's handling of the events.
    """
    text = log_file.read_text(errors="replace") if log_file.exists() else ""
    finished = re.findall(r"Finished running .* in [^(]*\(([0-9.]+)s\)", text)
    done = re.findall(r"Done\. PASS=\d+ WARN=\d+ ERROR=\d+ SKIP=\d+(?: NO-OP=\d+)? TOTAL=(\d+)", text)
    return {"dbt_nodes_s": float(finished[-1]) if finished else None, "dbt_nodes": int(done[-1]) if done else None}


def dbt_build(work: Path, label: str) -> dict:
    """``dbt build`` alone on the built warehouse, its own target path under work."""
    from orchestration.settings import DBT_PROJECT_DIR
    from orchestration.warehouse.dbt_runner import dbt_env, dbt_executable, dbt_profile_dir

    env = dbt_env()
    profile = dbt_profile_dir(work / "warehouse.build.duckdb", folder=work / "dbt_profile")
    cmd = [
        dbt_executable(), "build",
        "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(profile),
        "--target-path", str(work / "dbt_target"), "--log-path", str(work / "dbt_logs"),
    ]  # fmt: skip
    wall, memory, code = run_measured(cmd, work / f"{label}.log", env, cwd=DBT_PROJECT_DIR)
    text = (work / f"{label}.log").read_text(errors="replace")
    done = re.findall(r"Done\. (PASS=\d+ WARN=\d+ ERROR=\d+ SKIP=\d+(?: NO-OP=\d+)? TOTAL=\d+)", text)
    return {"wall_s": wall, "exit": code, "counts": done[-1] if done else "?", **memory}


def e2e(n: int, workers: int, seed: int, quiet_wait: float = 0.0) -> dict:
    """Benchmarks 3-5 for one corpus size."""
    log(f"[e2e {n}] corpus ...")
    t = timer()
    root, rows, generated = corpus.ensure_corpus(n, seed, workers, log=log)
    corpus_s = timer() - t
    work = WORK / f"n{n}"
    shutil.rmtree(work, ignore_errors=True)
    inbox = work / "inbox"
    corpus.link_corpus(root, rows, inbox)
    formats = Counter(r["fmt"] for r in rows)
    info = {
        "reports": n,
        "formats": dict(formats),
        "corpus_mib": sum(r["size"] for r in rows) / 2**20,
        "agencies": len({r["agency"] for r in rows}),
        "broken_on_purpose": sum(1 for r in rows if r["breaks"] and not r["breaks"][0].startswith("blank")),
        "blank_on_purpose": sum(1 for r in rows if r["breaks"] and r["breaks"][0].startswith("blank")),
        "corpus_generated_now": generated,
        "corpus_s": corpus_s,
    }
    wait_until_quiet(quiet_wait)
    log(f"[e2e {n}] cold run on {workers} workers ...")
    cold = pipeline_run(inbox, work, workers, "cold")
    log(f"[e2e {n}] cold: {cold['wall_s']:.1f} s, phases {_fmt_phases(cold)}")
    new_path, _ = corpus.write_one(n, inbox, seed)
    wait_until_quiet(quiet_wait)
    log(f"[e2e {n}] re-run with one new file ({new_path.name}) ...")
    rerun = pipeline_run(inbox, work, workers, "rerun")
    log(f"[e2e {n}] re-run: {rerun['wall_s']:.1f} s, parsed now {rerun['parsed_now']}, phases {_fmt_phases(rerun)}")
    dbt = []
    for k in (1, 2):
        wait_until_quiet(quiet_wait)
        log(f"[e2e {n}] dbt build alone ({k}) ...")
        dbt.append(dbt_build(work, f"dbt-build-{k}"))
        log(f"[e2e {n}] dbt build alone ({k}): {dbt[-1]['wall_s']:.1f} s {dbt[-1]['counts']}")
    info.update(cold=cold, rerun=rerun, dbt=dbt, lake_mib=_dir_mib(work / "lake"), new_file=new_path.name)
    shutil.rmtree(inbox, ignore_errors=True)  # links only; the corpus stays cached
    return info


def _parallel(r: dict) -> str:
    """The parallel rate of a format and its speed-up over one process."""
    if "parallel_files_per_s" not in r:
        return "-"
    return f"{r['parallel_files_per_s']:.1f} (x{r['parallel_files_per_s'] / r['files_per_s']:.2f})"


def _peak_holder(run: dict) -> str:
    """Which process held most of the peak (dbt, the pipeline process, a parse worker) and how much."""
    parts = run.get("peak_breakdown_mib") or []
    if not parts:
        return "n/a"
    name, mib = parts[0]
    label = "dbt" if "dbt" in name else "pipeline process" if "bench.e2e" in name else "parse worker" if "-c" in name else name
    return f"{label} {mib:,.0f}"


def _outcome(run: dict) -> str:
    """'ok' or the failed Dagster steps of a run."""
    return "ok" if run["success"] else "FAILED at " + ", ".join(run.get("failed_steps") or ["?"])


def _fmt_phases(run: dict) -> str:
    """A run's phase times on one line."""
    return ", ".join(f"{k} {v:.1f}" for k, v in run["phases_s"].items())


# ---- reporting -----------------------------------------------------------------------------------


TARGETS = {  # issue 10: what must be true, as measured here
    "pdf_ratio": 0.5,  # ours / pdfplumber extract_tables(): at least 2x faster
    "rerun_wall_s": 10.0,  # one new file among 10,000, end to end
    "rerun_dbt_s": 3.0,  # ... of which dbt
    "e2e_10000_wall_s": 300.0,  # 10,000 reports from scratch
    "peak_mib": 2048.0,  # process tree, PSS
}


def _nodes_text(run: dict) -> str:
    """' (N nodes: X s)' — dbt's own time for its nodes within the dbt step, when the log said it."""
    if run.get("dbt_nodes_s") is None:
        return ""
    return f" ({run.get('dbt_nodes') or '?'} nodes: {run['dbt_nodes_s']:.1f} s)"


def _verdict(value: float | None, target: float, unit: str = "") -> str:
    """'met' or how far off, for a figure that must stay at or below its target."""
    if value is None:
        return "not measured"
    if value <= target:
        return f"met ({value:,.2f}{unit} <= {target:,.2f}{unit})"
    return f"**missed** by {value - target:,.2f}{unit} ({value / target:.2f}x the target)"


def targets_table(results: dict) -> str:
    """Each target of issue 10 with the figure measured in this run and whether it is met."""
    rows = []
    pdf = results.get("pdf")
    if pdf:
        for key, label in (("overall_generated", "generated PDFs"), ("overall_all", "generated + real sample")):
            if key == "overall_all" and not pdf["real_sample"]:
                continue
            o = pdf[key]
            rows.append([f"PDF: ours / pdfplumber extract_tables() ({label})", f"{o['ratio']:.2f} ({1 / o['ratio']:.2f}x faster)",
                         _verdict(o["ratio"], TARGETS["pdf_ratio"])])
    for run in results.get("e2e") or []:
        n, cold, rerun = run["reports"], run["cold"], run["rerun"]
        for label, r in (("run", cold), ("re-run", rerun)):
            if not r["success"]:
                rows.append([f"{n:,} reports {label}", _outcome(r), "**failed**: the figures below stop where it failed"])
        if n >= 10000:
            rows.append([f"{n:,} reports end to end, wall s", f"{cold['wall_s']:.1f}", _verdict(cold["wall_s"], TARGETS["e2e_10000_wall_s"], " s")])
            rows.append([f"re-run, 1 new file among {n:,}, wall s", f"{rerun['wall_s']:.1f}", _verdict(rerun["wall_s"], TARGETS["rerun_wall_s"], " s")])
            rows.append([f"re-run, 1 new file among {n:,}, dbt s", f"{rerun['phases_s']['dbt build']:.1f}" + _nodes_text(rerun),
                         _verdict(rerun["phases_s"]["dbt build"], TARGETS["rerun_dbt_s"], " s")])
        for label, r in (("run", cold), ("re-run", rerun)):
            rows.append([f"peak memory, {n:,} reports {label} (tree PSS MiB)", f"{r['peak_tree_pss_mib']:,.0f}",
                         _verdict(r["peak_tree_pss_mib"], TARGETS["peak_mib"], " MiB")])
    if not rows:
        return ""
    return "## Targets (issue 10)\n\n" + md_table(["target", "measured", "verdict"], rows)


def report(results: dict) -> str:
    """All results as markdown."""
    parts = [f"# Benchmark results\n\n{results['when']}, `bench/run_all.py {results['argv']}`, {results['workers']} parse workers.\n"]
    targets = targets_table(results)
    if targets:
        parts.append(targets)
    parts.append("## Machine\n\n" + md_table(["", ""], [[k, v] for k, v in results["machine"].items()]))
    if results.get("formats"):
        rows = [
            [r["format"], r["layouts"], r["files"], r["files_per_s"], r["ms_mean"], r["ms_median"], r["ms_p95"], r["kb_mean"], f"{r['parsed_share']:.0%}",
             ", ".join(f"{k} {v:.0f}" if v >= 10 else f"{k} {v:.1f}" for k, v in r["by_layout_ms"].items()),
             _parallel(r), cores_text(r["background_cores"])]
            for r in results["formats"]
        ]  # fmt: skip
        workers = results["formats"][0].get("parallel_workers", 1)
        parts.append(
            "## 1. Parse throughput per format (one core, `parse_bytes`, generated reports)\n\n"
            + md_table(["format", "layouts", "files", "files/s", "ms/file", "median ms", "p95 ms", "KB/file", "parsed", "ms by layout",
                        f"files/s, {workers} processes at once (speed-up)", "other load (cores)"], rows)
        )  # fmt: skip
    if results.get("pdf"):
        pdf = results["pdf"]
        rows = [
            [r["file"], r["pages"], r["tables_pdfplumber"], r["status"], 1000 * r["ours_s"], 1000 * r["reader_s"], 1000 * r["pdfplumber_s"], f"{r['ratio']:.2f}", f"{r['reader_ratio']:.2f}"]
            for r in pdf["files"]
        ]
        for key, label in (("overall_generated", "**overall, generated**"), ("overall_all", "**overall, all files**")):
            if key == "overall_all" and not pdf["real_sample"]:
                continue
            o = pdf[key]
            rows.append([label, o["pages"], "", "", 1000 * o["ours_s"], 1000 * o["reader_s"], 1000 * o["pdfplumber_s"], f"**{o['ratio']:.2f}**", f"**{o['reader_ratio']:.2f}**"])
        o = pdf["overall_generated"]
        parts.append(
            "## 2. PDF: our parsing vs pdfplumber `page.extract_tables()` (best of 3, one core)\n\n"
            "*ours* = `parse_bytes` (reader + metadata + table parsers); *reader* = `read_pdf` alone; *pdfplumber* = open + "
            "`extract_tables()` on every page. Ratio = ours / pdfplumber.\n\n"
            + md_table(["file", "pages", "tables (pdfplumber)", "status", "ours ms", "reader ms", "pdfplumber ms", "ours/pdfplumber", "reader/pdfplumber"], rows)
            + f"\n\nGenerated PDFs: ours {o['ours_pages_per_s']:.1f} pages/s, pdfplumber `extract_tables()` {o['pdfplumber_pages_per_s']:.1f} pages/s."
            + f" Other load on the machine meanwhile: {cores_text(pdf['background_cores'])} cores."
            + ("" if pdf["real_sample"] else "\n\n(The real sample was not measured: OGI_EXTRA_SAMPLES unset or without it.)")
        )
    if results.get("e2e"):
        parts.append(_e2e_report(results["e2e"], results["workers"]))
    return "\n\n".join(parts) + "\n"


def _e2e_report(runs: list[dict], workers: int) -> str:
    """Sections 3-5 (end to end, re-run, dbt build alone) as markdown."""
    mix = []
    for r in runs:
        total = sum(r["formats"].values())
        share = ", ".join(f"{k} {v / total:.0%}" for k, v in sorted(r["formats"].items(), key=lambda kv: -kv[1]))
        cold = r["cold"]
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(cold["statuses"].items()))
        summary = cold["summary"]
        linked = cold.get("agencies_in_warehouse")
        mix.append([r["reports"], share, r["corpus_mib"], f"{r['agencies']:,}" + (f" ({linked:,})" if linked is not None else ""), statuses, r["broken_on_purpose"], summary.get("reports_failing_a_rule", "?"), summary.get("cells", "?")])
    corpus_table = md_table(["reports", "format mix", "corpus MiB", "agencies (dim_agencies)", "statuses", "broken on purpose", "reports failing a rule", "cells"], mix)
    cold_rows, rerun_rows, dbt_rows, where = [], [], [], []
    for r in runs:
        c, p = r["cold"], r["cold"]["phases_s"]
        cold_rows.append([
            r["reports"], _outcome(c), c["wall_s"], r["reports"] / c["wall_s"], p["parse"], p["load raw"], p["dbt build"], p["publish"],
            p["other steps"] + p["orchestration"], c["peak_tree_pss_mib"], _peak_holder(c), c["peak_tree_rss_mib"], c["peak_single_rss_mib"],
            c["maxrss_self_mib"], c["warehouse_mib"], r["lake_mib"], cores_text(c["background_cores"]),
        ])  # fmt: skip
        q, pr = r["rerun"], r["rerun"]["phases_s"]
        rerun_rows.append([r["reports"] + 1, _outcome(q), q["parsed_now"], q["skipped"], q["wall_s"], pr["parse"], pr["load raw"], f"{pr['dbt build']:.1f}" + _nodes_text(q), pr["publish"], pr["other steps"] + pr["orchestration"], q["peak_tree_pss_mib"], _peak_holder(q), q["warehouse_mib"], cores_text(q["background_cores"])])
        d1, d2 = r["dbt"]
        dbt_rows.append([r["reports"] + 1, d1["wall_s"], d2["wall_s"], d2["counts"] + ("" if d2["exit"] == 0 else f" (exit {d2['exit']})"), d2["peak_tree_rss_mib"], f"{cores_text(d1['background_cores'])} / {cores_text(d2['background_cores'])}"])
        secs = c["worker_seconds_by_format"]
        files = c["files_parsed_by_format"]
        total_worker = sum(secs.values())
        where.append([r["reports"], total_worker, *(f"{secs.get(f, 0):.0f} s ({secs.get(f, 0) / max(total_worker, 1e-9):.0%}, {1000 * secs.get(f, 0) / max(files.get(f, 1), 1):.0f} ms/file)" for f in (*corpus.FORMATS, ".doc"))])
    return "\n\n".join([
        f"## 3. End to end (`run_pipeline`, {workers} workers, fresh lake and warehouse)\n\nCorpus (bench/corpus.py):\n\n" + corpus_table,
        md_table(["reports", "run", "wall s", "reports/s", "parse s", "load raw s", "dbt build s", "publish s", "other s",
                  "peak tree PSS MiB", "of which (MiB)", "peak tree RSS MiB", "largest process MiB", "main maxrss MiB", "warehouse MiB", "lake MiB", "other load (cores)"], cold_rows),
        "Where the parse workers' time goes (sum over workers of per-file seconds: parse + Parquet write):\n\n"
        + md_table(["reports", "worker s", *corpus.FORMATS, "junk .doc"], where),
        "## 4. Re-run with one new file (content-hash skip)\n\n"
        + "*dbt build s* is the whole Dagster step; in brackets dbt's own time for its nodes (models and tests), the rest "
        "being dbt's start-up (a process importing dbt), its partial project parse and dagster-dbt's event handling.\n\n"
        + md_table(["files", "run", "parsed now", "skipped", "wall s", "parse s", "load raw s", "dbt build s", "publish s", "other s", "peak tree PSS MiB", "of which (MiB)", "warehouse MiB", "other load (cores)"], rerun_rows),
        "## 5. `dbt build` alone on the built warehouse\n\nFirst run in a fresh target path (full project parse), then again (partial parse).\n\n"
        + md_table(["reports", "first s", "second s", "second: dbt counts", "peak RSS MiB", "other load (cores)"], dbt_rows),
        "Memory: *tree PSS* sums proportional set sizes of the run's process, its parse workers and dbt (shared pages "
        "divided), sampled every 0.2 s; *tree RSS* sums resident sets (shared pages counted per process, an upper bound); "
        "*main maxrss* is getrusage(RUSAGE_SELF) of the pipeline process. *Other load*: cores kept busy by processes "
        "outside the benchmark meanwhile (other sessions, tests); above ~0.2 the figure is slowed down by them.",
    ])  # fmt: skip


def main() -> None:
    """Parse the arguments, run the selected benchmarks, print and save the results."""
    parser = argparse.ArgumentParser(description="Run the benchmarks and write bench/results.md")
    parser.add_argument("--sizes", default="1000,10000", help="end-to-end corpus sizes, comma-separated (default 1000,10000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="parse workers (default: os.cpu_count())")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum timed seconds per format (benchmark 1)")
    parser.add_argument("--skip-formats", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--skip-e2e", action="store_true")
    parser.add_argument("--skip-ocr", action="store_true", help="skip the scanned-report round trip (OCR pages/s)")
    parser.add_argument("--wait-quiet", type=float, default=60.0, help="before each measurement, wait up to this many seconds for other work on the machine to stop (default 60)")
    parser.add_argument("--results", default=str(RESULTS), help="markdown file to write (default bench/results.md)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    WORK.mkdir(parents=True, exist_ok=True)
    raw = WORK / f"{Path(args.results).stem}.json"  # the raw figures, next to the work files
    results: dict = {
        "when": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "argv": " ".join(sys.argv[1:]),
        "workers": args.workers,
        "machine": machine(),
    }
    log("machine: " + "; ".join(f"{k}: {v}" for k, v in results["machine"].items()))
    if not args.skip_formats:
        from bench import formats

        wait_until_quiet(args.wait_quiet)
        results["formats"] = formats.run(min_seconds=args.seconds, workers=args.workers)
    if not args.skip_pdf:
        from bench import pdf_vs_pdfplumber

        wait_until_quiet(args.wait_quiet)
        results["pdf"] = pdf_vs_pdfplumber.run()
    if not args.skip_ocr:
        # scanned reports: cells equal / uncertain / wrong per dpi and OCR pages/s (printed by the script)
        wait_until_quiet(args.wait_quiet)
        subprocess.run([sys.executable, str(ROOT / "bench" / "ocr_round_trip.py")], cwd=ROOT, check=False)
    if not args.skip_e2e:
        results["e2e"] = []
        for n in sizes:
            results["e2e"].append(e2e(n, args.workers, args.seed, args.wait_quiet))
            raw.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    text = report(results)
    print(text, flush=True)
    Path(args.results).write_text(text, encoding="utf-8")
    raw.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    log(f"results written to {args.results} (raw figures: {raw})")


if __name__ == "__main__":
    main()
