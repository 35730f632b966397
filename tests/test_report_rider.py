"""``solewatch report --rider NAME`` judges the session as ``solewatch analyze --rider NAME`` does: the same
verdict and the same line of what it was judged against, refused alike for a rider with no kept normal or a
name that cannot be one; and ``--compare B`` judges B, the same person's, against that normal too.

Had: ``report`` had no ``--rider``, so a recorded session that ``analyze SESSION --rider ana`` warned on ("first
warned at 5:10. Judged against ana's normal kept from earlier runs.") was said by its report to have "no
warning, but an early sign ... (no kept normal; record with `live --rider NAME` to keep your normal)".
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from test_analyze import SAMPLES
from test_judged_against_json import sim_normal  # noqa: F401 - the fixture

from monitor.cli.main import main
from monitor.session.riders import save_rider_baseline

pytestmark = pytest.mark.timeout(600)

SESSION = SAMPLES / "sim-cleat-forward"


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def report_verdict(path: Path) -> list[str]:
    """The report's verdict headline and the line under it of what the session was judged against."""
    page = path.read_text(encoding="utf-8")
    headline = re.search(r'<p class="headline[^"]*">(.*?)</p>', page, re.S)[1]
    judged = re.search(r'<p class="judged">(.*?)</p>', page, re.S)[1]
    return [_plain(headline), _plain(judged)]


def analyze_verdict(capsys, *args: str) -> list[str]:
    """``analyze``'s first two lines: its verdict and what the session was judged against."""
    capsys.readouterr()
    assert main(["analyze", str(SESSION), *args]) == 0
    return capsys.readouterr().out.splitlines()[:2]


@pytest.fixture
def rider_sim(tmp_path, monkeypatch, sim_normal):  # noqa: F811 - the fixture
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("sim", sim_normal)


def test_report_with_a_rider_says_the_verdict_analyze_with_that_rider_says(tmp_path, capsys, rider_sim):
    out = tmp_path / "r.html"
    assert main(["report", str(SESSION), "--rider", "sim", "-o", str(out)]) == 0
    said = report_verdict(out)
    assert said == analyze_verdict(capsys, "--rider", "sim")
    assert said[1] == "Judged against sim's normal kept from earlier rides."
    assert "seen first at 1:10; a longer session would tell" in said[0], said
    # without it, the session's own first minutes, as analyze without it says
    assert main(["report", str(SESSION), "-o", str(out), "--force"]) == 0
    alone = report_verdict(out)
    assert alone == analyze_verdict(capsys) and alone != said
    assert alone[1].startswith("Judged against this session's first minutes (no kept normal"), alone


#: Riders a command refuses, each with what its error line names: one with no kept normal, a name that
#: cannot be one.
REFUSED_RIDERS = [
    ("nobody", "no normal kept for rider nobody"),
    ("../x", "rider name '../x'"),
]


def refused_as_analyze_refuses(capsys, command: list[str], rider: str, error: str) -> None:
    """``COMMAND --rider RIDER`` is refused as ``analyze SESSION --rider RIDER`` is: one line naming ``error``,
    exit 2, the same words after each command's name."""
    said = {}
    for args in (["analyze", str(SESSION)], command):
        capsys.readouterr()
        assert main([*args, "--rider", rider]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and error in err, err
        said[args[0]] = err.removeprefix(f"solewatch {args[0]}: ")
    assert said[command[0]] == said["analyze"]


@pytest.mark.parametrize(("rider", "error"), REFUSED_RIDERS)
def test_report_refuses_a_rider_as_analyze_does(tmp_path, capsys, rider_sim, rider, error):
    out = tmp_path / "r.html"
    refused_as_analyze_refuses(capsys, ["report", str(SESSION), "-o", str(out)], rider, error)
    assert not out.exists()


def test_compare_judges_b_against_the_riders_normal_too(tmp_path, monkeypatch, rider_sim):
    from monitor.analysis import compare as compare_module

    judged = []
    real = compare_module.compare

    def compare(before, after, *args, **kwargs):
        judged.append((before.judged_words(), after.judged_words()))
        return real(before, after, *args, **kwargs)

    monkeypatch.setattr(compare_module, "compare", compare)
    assert main(["report", str(SESSION), "--compare", str(SESSION), "--rider", "sim",
                 "-o", str(tmp_path / "r.html")]) == 0
    assert judged == [("Judged against sim's normal kept from earlier rides.",) * 2], judged


def test_compare_without_a_rider_judges_b_against_its_own_baseline_json(tmp_path, monkeypatch, sim_normal):
    """B judged as ``analyze B`` judges it: against its live run's baseline.json (had: its first minutes,
    though SESSION was judged against its own baseline.json)."""
    import json
    import shutil

    import monitor
    from monitor.analysis import compare as compare_module

    b = tmp_path / "b"
    shutil.copytree(SESSION, b)
    (b / "baseline.json").write_text(json.dumps(sim_normal.to_dict(), indent=1) + "\n")
    said = {path.name: [r.advice().verdict, r.judged_words()] for path in (SESSION, b)
            for r in [monitor.analyze(path)]}  # as `analyze B` judges it
    assert said["b"] != said[SESSION.name]  # its baseline.json changes its verdict
    judged = []
    real = compare_module.compare

    def compare(before, after, *args, **kwargs):
        judged.append([after.advice().verdict, after.judged_words()])
        return real(before, after, *args, **kwargs)

    monkeypatch.setattr(compare_module, "compare", compare)
    assert main(["report", str(SESSION), "--compare", str(b), "-o", str(tmp_path / "r.html")]) == 0
    assert judged == [said["b"]], said
