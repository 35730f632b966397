"""README.md quotes the line `solewatch sim` ends with as the command prints it (monitor.cli.sim_command:
counts with thousands separated, monitor.util.words.counted); it read `left: 2250 packets sent, 18000 frames`,
where `sim` says `6,000 frames`."""

from __future__ import annotations

import re
from pathlib import Path

from monitor.util.words import counted

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_sim_line_readme_quotes_is_written_as_sim_writes_it():
    quoted = re.findall(r"`((?:left|right): [\d,]+ packets? sent, [\d,]+ frames?)`", README.read_text())
    assert quoted, "README.md quotes no line of sim's"
    for line in quoted:
        foot, packets, frames = re.fullmatch(r"(\w+): ([\d,]+) packets? sent, ([\d,]+) frames?", line).groups()
        n_packets, n_frames = int(packets.replace(",", "")), int(frames.replace(",", ""))
        assert line == f"{foot}: {counted(n_packets, 'packet')} sent, {counted(n_frames, 'frame')}", line
