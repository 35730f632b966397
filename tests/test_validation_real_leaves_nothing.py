"""The validation report's real recordings are imported into temporary folders (monitor.tools.validation_real):
each is removed once its check is done; every run of the report left one folder per recording in the
system's temporary directory."""

from __future__ import annotations

import tempfile

import pytest

from monitor.tools import validation_real


@pytest.mark.parametrize("check", ["physionet_strides", "moticon_gait_events"])
def test_the_real_recordings_checks_leave_no_temporary_folder(tmp_path, monkeypatch, check):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)  # found again from TMPDIR, put back after
    assert tempfile.gettempdir() == str(scratch)
    assert getattr(validation_real, check)()  # a check per foot
    assert sorted(p.name for p in scratch.iterdir()) == []
