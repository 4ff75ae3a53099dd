"""The project's own annotated articles (tests/gold): loaded and scored with `evaluate`.

These figures are the extractor's measured quality; a change that lowers any of them
below its floor is a regression.
"""
import json
from pathlib import Path

from click.testing import CliRunner
from datasette.cli import cli

GOLD = Path(__file__).parent / "gold"
FLOORS = {"date": 0.95, "count": 0.95, "incident": 0.6, "statement": 0.9}


def test_gold_set_scores_above_its_floors(tmp_path):
    db_path = str(tmp_path / "gold.db")
    loaded = CliRunner().invoke(cli, ["claims", "load", db_path, str(GOLD)])
    assert loaded.output.splitlines()[-1] == "18 loaded, 0 updated, 0 unchanged, 0 failed"
    gold_files = sorted(str(p) for p in GOLD.glob("*.gold.json"))
    result = CliRunner().invoke(cli, ["claims", "evaluate", db_path, *gold_files, "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert {kind: figures["kinds"][kind]["gold"] for kind in FLOORS} == {
        "date": 132, "count": 165, "incident": 89, "statement": 107}
    for kind, floor in FLOORS.items():
        assert figures["kinds"][kind]["value_f1"] >= floor, (kind, figures["kinds"][kind])
