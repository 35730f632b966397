"""A report's file named for another kind is refused, one line, exit 2, nothing written, as export refuses
one: `report S -o r.pdf` wrote HTML into r.pdf without a word, and `--pdf p.html` a PDF into p.html. And an
import's number far below 0 is said as below the bound, not beyond it.

PhysioNet gaitpdb GaCo01_01: ODC-By 1.0, Goldberger et al. 2000 (PhysioNet), Yogev et al. 2005.
"""

from __future__ import annotations

import shutil

import pytest
from test_malformed_files import SAMPLES

from monitor.cli.main import main
from monitor.util.shared_data import shared_data_dir


@pytest.mark.parametrize("argv, said", [
    (["-o", "{tmp}/r.pdf"], "-o {tmp}/r.pdf: writes HTML, not .pdf (--pdf {tmp}/r.pdf writes that); name it .html"),
    (["-o", "{tmp}/r.txt"], "-o {tmp}/r.txt: writes HTML, not .txt; name it .html"),
    (["--pdf", "{tmp}/p.html"], "--pdf {tmp}/p.html: writes a PDF, not .html (-o {tmp}/p.html writes that); "
                                "name it .pdf"),
    # the other option given too: the message names it as given, not a second target of its own (had: "--pdf
    # {tmp}/r2.pdf.html: writes a PDF, not .html (-o {tmp}/r2.pdf.html writes that)", -o being r2.html)
    (["-o", "{tmp}/r2.html", "--pdf", "{tmp}/r2.pdf.html"],
     "--pdf {tmp}/r2.pdf.html: writes a PDF, not .html (-o, given as {tmp}/r2.html, writes that); name it .pdf"),
    (["-o", "{tmp}/r.pdf", "--pdf", "{tmp}/p.pdf"],
     "-o {tmp}/r.pdf: writes HTML, not .pdf (--pdf, given as {tmp}/p.pdf, writes that); name it .html"),
])
def test_a_report_named_for_another_kind_of_file_is_one_line(tmp_path, capsys, argv, said):
    session = tmp_path / "S"
    shutil.copytree(SAMPLES / "sim-healthy-ride", session)
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert main(["report", str(session), *argv]) == 2
    out, err = capsys.readouterr()
    assert err.strip().splitlines() == [f"solewatch report: error: {said.format(tmp=tmp_path)}"], err
    assert not (session / "report.html").exists() and not any(tmp_path.glob("[rp]*.*"))


def test_a_report_named_in_capitals_or_htm_is_written(tmp_path, capsys):
    session = tmp_path / "S"
    shutil.copytree(SAMPLES / "sim-healthy-ride", session)
    assert main(["report", str(session), "-o", str(tmp_path / "R.HTM")]) == 0
    assert (tmp_path / "R.HTM").read_text().lstrip().lower().startswith("<!doctype html")


def test_a_number_far_below_0_is_said_as_below_the_bound(tmp_path, capsys):
    source = shared_data_dir() / "physionet_gaitpdb" / "GaCo01_01.txt"
    lines = source.read_text().splitlines()[:40]
    cells = lines[5].split("\t")
    lines[5] = "\t".join([cells[0], "-1e300", *cells[2:]])
    path = tmp_path / "GaCo01_01.txt"
    path.write_text("\n".join(lines) + "\n")
    assert main(["import", "physionet", str(path), "-o", str(tmp_path / "out")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "line 6: " in line and "'-1e300' is below -5.1e+38, the lowest force in N" in line, line
    assert "beyond" not in line and "largest" not in line, line
