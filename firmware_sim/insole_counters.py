"""What one simulated insole did (``InsoleCounters``): frames and packets generated, sent, unsent and
faulted, connections, control writes, battery notifications; the truth to compare a central's counts with.

One idea: the insole's counters as a frozen snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InsoleCounters:
    """What one simulated insole did, for comparison with what a central saw.

    frames_generated : frames sampled while streaming
    frames_sent : frames carried by a pressure packet that went out intact (each frame once; with sensor
        slices, counted by the slice holding sensor 0)
    packets_generated : pressure packets produced (each consumed a seq)
    packets_sent : pressure notifications put on air (a duplicate counts twice, a corrupt one counts)
    packets_unsent : packets produced while no central was subscribed (link down or not subscribed)
    packets_lost_injected, packets_duplicated_injected, packets_corrupted_injected : packet faults done
    packet_pairs_reordered_injected : pairs of packets sent swapped
    drops_injected : links dropped by a drop fault
    connections : centrals that connected
    control_writes : control point writes answered
    battery_notifications : battery level notifications sent
    """

    frames_generated: int = 0
    frames_sent: int = 0
    packets_generated: int = 0
    packets_sent: int = 0
    packets_unsent: int = 0
    packets_lost_injected: int = 0
    packets_duplicated_injected: int = 0
    packets_corrupted_injected: int = 0
    packet_pairs_reordered_injected: int = 0
    drops_injected: int = 0
    connections: int = 0
    control_writes: int = 0
    battery_notifications: int = 0
