"""Link notices said in turn with the alerts a replay gives before them (monitor.live.replay)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from monitor.analysis.streaming import LinkNotice


class NoticesInTurn:
    """Link notices said in turn with the alerts given before them.

    An alert reaches the person when the Dispatcher's worker task has delivered it (monitor.live.delivery),
    a link notice (disconnected, back, battery low) at once: a replay as fast as possible gives minutes of
    alerts and notices in one step (AnalysisCore.run_deferred) before that task runs, so its notices came
    before the alerts given ahead of them (``1:40 disconnected`` before ``1:10 NOTICE``). Each notice is held
    here until every alert given before it is delivered, and said through ``say`` then: the order the
    analysis gave them, the session's, as live and a paced replay say them."""

    def __init__(self, say: Callable[[LinkNotice], None]) -> None:
        self._say = say
        self.given = self.delivered = 0  # alerts
        self._held: deque[tuple[int, LinkNotice]] = deque()  # each with the alerts given before it

    def alert_given(self) -> None:
        self.given += 1

    def alert_delivered(self) -> None:
        self.delivered += 1
        self._release(self.delivered)

    def notice(self, notice: LinkNotice) -> None:
        if self._held or self.delivered < self.given:
            self._held.append((self.given, notice))
        else:
            self._say(notice)

    def flush(self) -> None:
        """Say every notice still held (the alerts before them delivered, or never to be)."""
        self._release(None)

    def _release(self, delivered: int | None) -> None:
        while self._held and (delivered is None or self._held[0][0] <= delivered):
            self._say(self._held.popleft()[1])
