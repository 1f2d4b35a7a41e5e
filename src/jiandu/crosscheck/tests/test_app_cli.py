"""``jiandu crosscheck``: synth → import → run → hits, as a script would use it, on the
test county's own roster (so that hits point at its cadres and units)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jiandu.audit.models import Event
from jiandu.crosscheck.models import DatasetVersion, Hit, Run, RunStatus

pytestmark = pytest.mark.django_db


def _call(*args: str) -> str:
    out = io.StringIO()
    call_command("crosscheck", *args, stdout=out)
    return out.getvalue()


def test_synth_import_run_and_hits(county, tmp_path, capsys):
    out = _call("synth", "--scale", "county", "--out", str(tmp_path / "synth"))
    assert "模拟数据已生成" in out
    synth_dir = tmp_path / "synth"
    planted = json.loads((synth_dir / "planted.json").read_text(encoding="utf-8"))["planted"]
    files = dict(line.split() for line in out.splitlines() if line.startswith("  "))
    from jiandu.crosscheck.services import importable_types

    imported = 0
    for dataset_type in importable_types():
        if dataset_type in files:
            assert "已导入" in _call("import", dataset_type, files[dataset_type])
            imported += 1
    assert imported >= 10
    assert DatasetVersion.objects.filter(internal=False).count() == imported
    assert DatasetVersion.objects.filter(rows_rejected__gt=0).exists()  # the planted bad rows

    out = _call("run", "--rules", "R01,R02,R05")
    run = Run.objects.get()
    assert run.status == RunStatus.SUCCEEDED and run.rule_codes == ["R01", "R02", "R05"]
    assert f"发现疑点{run.hits_total}条" in out
    rules_hit = set(Hit.objects.values_list("rule_code", flat=True))
    assert rules_hit == {"R01", "R02", "R05"}
    identities = {(p["rule"], p["identity"]) for p in planted if p["rule"] in rules_hit}
    assert len(identities) >= 3
    found = set(Hit.objects.values_list("rule_code", "identity"))
    assert identities <= found, identities - found
    assert Event.objects.filter(action="crosscheck.run.finish", actor__isnull=True).exists()

    capsys.readouterr()
    call_command("crosscheck", "hits", "--rule", "R02", "--format", "csv")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][1] == "规则" and {r[1] for r in rows[1:]} == {"R02"}
    assert len(rows) - 1 == Hit.objects.filter(rule_code="R02").count()
    target = tmp_path / "hits.xlsx"
    out = _call("hits", "--format", "xlsx", "--output", str(target))
    assert target.exists() and f"已导出{Hit.objects.count()}条疑点" in out

    again = _call("run", "--rules", "R01,R02,R05")
    assert "其中新发现0条" in again


def test_import_errors_are_command_errors(county, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("甲,乙\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="领取人"):
        _call("import", "payments", str(path))
    with pytest.raises(CommandError, match="文件不存在"):
        _call("import", "payments", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="数据类型不存在"):
        _call("import", "salaries", str(path))
    with pytest.raises(CommandError, match="比对规则不存在"):
        _call("run", "--rules", "R77")
    assert Path(path).exists()


def test_sweep_command_removes_what_a_killed_process_left(settings):
    import os
    import time

    leftover = Path(settings.JIANDU_TMP_DIR) / "crosscheck-uploads" / "import-dead.csv"
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_text("x")  # no job waits for it
    old = Path(settings.JIANDU_TMP_DIR) / "jiandu-duckdb-x"
    old.mkdir()
    hours_ago = time.time() - 7 * 3600
    os.utime(old, (hours_ago, hours_ago))
    out = _call("sweep")
    assert "删除2个遗留文件" in out and not leftover.exists() and not old.exists()
