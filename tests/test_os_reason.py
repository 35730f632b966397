"""What the system said went wrong, in a person's words (monitor.util.outputs.os_reason)."""

from __future__ import annotations

import errno
import socket

from monitor.util.outputs import os_reason


def test_a_host_that_cannot_be_looked_up_is_said_as_such_not_as_an_unknown_error():
    # had: `record --radio tcp-client:nohost.invalid:9`, `sim --hci tcp-server:999.1.1.1:9` and
    # `live --web 999.1.1.1:0` said "Unknown error -2" (os.strerror of getaddrinfo's own number)
    resolver = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    assert os_reason(resolver) == "no such host or address: Name or service not known"
    # socket.create_server re-raises it as a plain OSError with the address in its words
    rebound = OSError(socket.EAI_NONAME, "Name or service not known (while attempting to bind on address "
                                          "('999.1.1.1', 0))")
    assert os_reason(rebound) == "no such host or address: Name or service not known"
    assert os_reason(OSError(errno.ECONNREFUSED, "whatever")) == "Connection refused"  # the system's own
