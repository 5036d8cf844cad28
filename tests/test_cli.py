"""CLI behaviour: exit codes, JSON contract, bad inputs never stop a batch."""

import json
import subprocess
import sys

import pytest

from shinsa import __version__
from shinsa.cli import main

DRAFT = """業務委託契約書

東山市（以下「甲」という。）と株式会社みなと情報システム（以下「乙」という。）は、次のとおり契約を締結する。

（目的）
第１条　この契約は、甲の窓口業務の委託について定める。
（報告）
第２条　乙は、事故が発生したときは、直ちに甲に報告しなければならない。
２　乙は、毎月10日までに業務の実施状況を甲に報告しなければならない。
"""

CONTRACT_KEYS = {"schema_version", "source", "format", "status", "error", "text", "clauses",
                 "definitions", "parties", "findings"}


def run(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_version(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_scan_json_contract(tmp_path, capsys):
    p = tmp_path / "keiyaku.txt"
    p.write_text(DRAFT, encoding="utf-8")
    code, out, _ = run(["scan", str(p), "--format", "json", "--fail-on", "never"], capsys)
    assert code == 0
    data = json.loads(out)
    assert CONTRACT_KEYS <= set(data)
    assert data["schema_version"] == 1 and data["status"] == "ok" and data["error"] is None
    paths = [c["path"] for c in data["clauses"]]
    assert "第1条" in paths and "第2条第2項" in paths
    for c in data["clauses"]:
        assert {"path", "label", "kind", "caption", "start", "end", "page"} <= set(c)
        assert 0 <= c["start"] <= c["end"] <= len(data["text"])
    for f in data["findings"]:
        assert data["text"][f["start"]:f["end"]] == f["quote"]


def test_folder_scan_with_bad_file_continues(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(DRAFT, encoding="utf-8")
    (src / "broken.pdf").write_bytes(b"this is not a pdf at all")
    (src / "empty.docx").write_bytes(b"")
    (src / "notes.xyz").write_text("ignored: unsupported files in a folder are skipped")
    out = tmp_path / "out"
    code, _, err = run(["scan", str(src), "--out", str(out), "--fail-on", "never"], capsys)
    assert code == 2  # an unreadable input
    a = json.loads((out / "a.txt.json").read_text(encoding="utf-8"))
    assert a["status"] == "ok"
    broken = json.loads((out / "broken.pdf.json").read_text(encoding="utf-8"))
    assert broken["status"] == "error" and broken["error"]
    assert json.loads((out / "empty.docx.json").read_text(encoding="utf-8"))["status"] == "error"
    assert not (out / "notes.xyz.json").exists()
    assert (out / "summary.txt").exists()
    assert "失敗 2" in err


def test_unknown_extension_given_explicitly(tmp_path, capsys):
    p = tmp_path / "draft.rtf"
    p.write_text("{\\rtf1}")
    code, out, _ = run(["scan", str(p), "--format", "json"], capsys)
    assert code == 2
    data = json.loads(out)
    assert data["status"] == "error" and "対応していない形式" in data["error"] and "unsupported" in data["error"]


def test_fail_on_exit_code(tmp_path, capsys):
    p = tmp_path / "x.txt"
    p.write_text(DRAFT.replace("直ちに", "速やかに").replace("毎月10日までに", ""), encoding="utf-8")
    code, out, _ = run(["scan", str(p), "--format", "json", "--fail-on", "info"], capsys)
    findings = json.loads(out)["findings"]
    assert code == (1 if findings else 0)
    code, _, _ = run(["scan", str(p), "--fail-on", "never"], capsys)
    assert code == 0


def test_explain_lists_rules(capsys):
    code, out, _ = run(["explain"], capsys)
    assert code == 0 and "vague_wording" in out and "missing_clause" in out
    code, _, err = run(["explain", "no_such_rule"], capsys)
    assert code == 2


def test_console_script_entry_point(tmp_path):
    r = subprocess.run([sys.executable, "-m", "shinsa.cli", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "shinsa" in r.stdout
