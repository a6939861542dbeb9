"""-o FILE: the format named by the suffix, read back equal to --format output; xlsx read back with
openpyxl; -f and a disagreeing suffix are a usage error; shell completion; the two READMEs."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from newscorpus.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("suffix", ["csv", "tsv", "json", "jsonl"])
def test_officials_file_by_suffix_equals_format_output(seed_db, tmp_path, suffix):
    out = tmp_path / f"x.{suffix}"
    run("officials", "--db", str(seed_db), "-o", str(out))
    assert out.read_text(encoding="utf-8") == run("officials", "--db", str(seed_db), "--format", suffix)


def test_officials_csv_and_json_files_parse_back(seed_db, tmp_path):
    run("officials", "--db", str(seed_db), "-o", str(tmp_path / "x.csv"))
    run("officials", "--db", str(seed_db), "-o", str(tmp_path / "x.json"))
    rows = list(csv.DictReader(io.StringIO(run("officials", "--db", str(seed_db), "--format", "csv"))))
    with open(tmp_path / "x.csv", encoding="utf-8", newline="") as fh:
        assert list(csv.DictReader(fh)) == rows
    assert json.loads((tmp_path / "x.json").read_text(encoding="utf-8")) == \
        json.loads(run("officials", "--db", str(seed_db), "--format", "json"))


def test_officials_parquet_reads_back_equal_to_json(seed_db, tmp_path):
    import pyarrow.parquet as pq

    run("officials", "--db", str(seed_db), "--top", "0", "-o", str(tmp_path / "x.parquet"))
    assert pq.read_table(tmp_path / "x.parquet").to_pylist() == \
        json.loads(run("officials", "--db", str(seed_db), "--top", "0", "--format", "json"))


def test_xlsx_has_a_frozen_filtered_header_widths_and_numbers(seed_db, tmp_path):
    out = tmp_path / "o.xlsx"
    run("officials", "--db", str(seed_db), "-o", str(out))
    sheet = load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    header = [c.value for c in sheet[1]]
    assert header == ["name", "title", "mentions", "articles", "headline_mentions", "lead_articles",
                      "list_position", "titles"]
    rows = json.loads(run("officials", "--db", str(seed_db), "--format", "json"))
    first = [c.value for c in sheet[2]]
    assert first[:4] == [rows[0]["name"], rows[0]["title"], rows[0]["mentions"], rows[0]["articles"]]
    assert isinstance(first[2], int) and sheet.cell(2, 3).data_type == "n"
    widths = {col: dim.width for col, dim in sheet.column_dimensions.items()}
    assert widths["A"] >= 8 and widths["H"] > widths["C"] and max(widths.values()) <= 60


@pytest.mark.parametrize("command", [["officials"], ["words"], ["kwic", "朱岩"], ["who", "朱岩"], ["stats"],
                                     ["check"], ["collocates", "企业"]])
def test_every_command_writes_the_suffix_format(seed_db, tmp_path, command):
    out = tmp_path / "r.json"
    run(*command, "--db", str(seed_db), "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))
    out = tmp_path / "r.csv"
    run(*command, "--db", str(seed_db), "-o", str(out))
    assert "┃" not in out.read_text(encoding="utf-8") and next(csv.reader(out.open(encoding="utf-8")))


def test_format_and_a_disagreeing_suffix_are_a_usage_error(seed_db, tmp_path):
    result = runner.invoke(app, ["officials", "--db", str(seed_db), "-f", "csv", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: the output file x.json is json, but the format asked for is csv"
    assert not (tmp_path / "x.json").exists()


def test_shell_completion_is_offered_and_completes(seed_db):
    """The bash script `--show-completion` prints, asked for through the completion variable:
    `--show-completion` finds the shell among the command's parent processes, and a job run
    detached from any shell has none ("Shell  not supported")."""
    assert "--show-completion" in runner.invoke(app, ["--help"]).stdout
    script = subprocess.run([sys.executable, "-m", "newscorpus"], capture_output=True, text=True,
                            env=dict(os.environ, _NEWSCORPUS_COMPLETE="source_bash"))
    assert script.returncode == 0 and "_NEWSCORPUS_COMPLETE" in script.stdout and "complete " in script.stdout
    env = dict(os.environ, _NEWSCORPUS_COMPLETE="complete_bash", COMP_WORDS="newscorpus kwic --sort ", COMP_CWORD="3")
    done = subprocess.run([sys.executable, "-m", "newscorpus"], capture_output=True, text=True, env=env)
    assert done.stdout.split() == ["left", "right", "match"]


def commands_in(readme: Path) -> set[str]:
    """Commands named in the README's section headings (### who, enterprises ...)."""
    names = set()
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            names.update(re.findall(r"`?\b([a-z]+)\b`?", line[4:]))
    return names


def test_both_readmes_list_every_command():
    from typer.main import get_command_name

    commands = {info.name or get_command_name(info.callback.__name__) for info in app.registered_commands}
    english, chinese = commands_in(ROOT / "README.md"), commands_in(ROOT / "README.zh-CN.md")
    assert commands <= english, f"README.md lacks {sorted(commands - english)}"
    assert commands <= chinese, f"README.zh-CN.md lacks {sorted(commands - chinese)}"
    assert english & commands == chinese & commands


def test_both_readmes_show_the_same_examples():
    """Kept in step: every command line shown in one README is shown in the other."""
    def examples(readme: str) -> list[str]:
        return [line for line in (ROOT / readme).read_text(encoding="utf-8").splitlines() if line.startswith("$ ")]

    assert examples("README.md") == examples("README.zh-CN.md")
