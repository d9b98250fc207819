"""`moksori estimate` through typer's CliRunner, with a local app (no store, no Django)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from estimation_reference import reference_dir
from typer.testing import CliRunner

from moksori.cli.estimate import register

REQUIRED_KEYS = {"method", "estimate", "ci_low", "ci_high", "ci_level", "observed", "model", "warnings"}


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """Moksori (test app)."""

    return app


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(_app(), ["estimate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_output_has_the_documented_keys_and_reference_numbers() -> None:
    code, out, _ = _run(str(reference_dir() / "spina_bifida_ny.csv"), "--select", "bic", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload.keys() >= REQUIRED_KEYS
    # Rcapture closedpCI.t with the D:M interaction (spina_bifida_ny.json): 724.1245.
    assert payload["estimate"] == pytest.approx(724.1245, rel=1e-6)
    assert payload["model"] == "D:M"


def test_method_all_prints_a_list_of_results() -> None:
    code, out, _ = _run(str(reference_dir() / "hepatitis_a_taiwan_PQ_2list.csv"), "--method", "all", "--json")
    assert code == 0
    payload = json.loads(out)
    assert isinstance(payload, list)
    assert {p["method"] for p in payload} >= {"chapman", "loglinear"}
    assert all(p.keys() >= REQUIRED_KEYS for p in payload)


def test_readable_table_by_default() -> None:
    code, out, _ = _run(str(reference_dir() / "hepatitis_a_taiwan.csv"), "--method", "dga")
    assert code == 0
    assert "dga" in out
    assert "289.0" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("A,B\n1,0\n", "no 'count' column"),
        ("A,B,count\n1,2,3\n", "0 or 1"),
        ("A,B,count\n1,0,3\n0,0,4\n", "all-zero pattern"),
        ("A,count\n1,3\n", "at least two lists"),
    ],
)
def test_bad_input_gets_a_clear_error_and_nonzero_exit(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "lists.csv"
    path.write_text(content, encoding="utf-8")
    code, out, err = _run(str(path))
    assert code == 2
    assert message in err
    assert "lists.csv" in err
    assert "Traceback" not in out + err


def test_command_never_imports_django() -> None:
    # A fresh interpreter: in a full test run, other tests have imported Django already.
    code = (
        "import sys; from typer.testing import CliRunner; import typer; "
        "from moksori.cli.estimate import register; app = typer.Typer(); register(app); "
        "app.callback()(lambda: None); "
        f"CliRunner().invoke(app, ['estimate', {str(reference_dir() / 'hepatitis_a_taiwan.csv')!r}, "
        "'--method', 'chapman']); "
        "print(any(n == 'django' or n.startswith('moksori.web') for n in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
