"""The runnable examples in examples/ keep working."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # each runs the examples as a user would, in a subprocess


def test_notebook_example():
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "notebook.py")], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("5 pages, 24 articles")
    assert "written: mentions_by_month.xlsx, officials.parquet" in out


def test_python_api_example():
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "python_api.py")], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("5 pages, 24 articles, 3 captions")
    assert "乔俊杰" in out and "高质量发展" in out


def test_shell_tour_example():
    env = os.environ | {"NEWSCORPUS": f"{sys.executable} -m newscorpus"}
    proc = subprocess.run(["bash", str(ROOT / "examples" / "seeds_tour.sh")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "phrase,count,articles,source" in proc.stdout and "高质量发展,13,7,lexicon" in proc.stdout


def test_dated_corpus_example():
    env = os.environ | {"NEWSCORPUS": f"{sys.executable} -m newscorpus"}
    proc = subprocess.run(["bash", str(ROOT / "examples" / "dated_corpus.sh")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "2024,11,3,区委书记" in proc.stdout and "对口支援,8,0,8.939,0,7.787,rose" in proc.stdout


def test_readers_tour_example():
    env = os.environ | {"NEWSCORPUS": f"{sys.executable} -m newscorpus"}
    proc = subprocess.run(["bash", str(ROOT / "examples" / "readers_tour.sh")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "broadcast.md,1,broadcast,王五在青山镇调研茶产业" in proc.stdout
    assert "day.json,1,news,某某铁路开通运营,吴一" in proc.stdout and "feed.jsonl,2,news,东湖新区举办招聘会" in proc.stdout
    assert "王五,云岭县委书记" in proc.stdout


def test_slurm_example_renders_its_job_script():
    pytest.importorskip("dask_jobqueue")
    env = os.environ | {"DASK_JOBQUEUE__SLURM__INTERFACE": "lo"}  # its scheduler listens on 127.0.0.1 only
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / "slurm_ingest.py"), str(ROOT / "seeds"),
                           "--db", "unused.db", "--account", "proj", "--print-job-script"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "#SBATCH -A proj" in proc.stdout and "--nthreads 1" in proc.stdout and "--nworkers 8" in proc.stdout


def test_export_duckdb_example_agrees_with_the_command_line():
    pytest.importorskip("duckdb")
    env = os.environ | {"NEWSCORPUS": f"{sys.executable} -m newscorpus", "PYTHON": sys.executable}
    proc = subprocess.run(["bash", str(ROOT / "examples" / "export_duckdb.sh")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    duck, cli = lines[1:lines.index("period,mentions,articles,title")], lines[lines.index("period,mentions,articles,title") + 1:]
    assert duck == ["乔俊杰,2023-03,2,1", "乔俊杰,2024-02,8,1", "乔俊杰,2024-10,3,2"]
    assert [line.rsplit(",", 1)[0] for line in cli] == [line.split(",", 1)[1] for line in duck]
