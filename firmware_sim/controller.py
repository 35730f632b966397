"""The virtual controller of the simulated radio: bumble's Controller with 251-byte LE ACL packets and a
connect cancel that works, a quiet host, and the retiring of a controller that leaves the link; data that
arrives for a link already closed is dropped quietly.

What it allows: any number of simultaneous LE connections as central; one pending LE connection at a time;
scanning while connected or connecting; LE Create Connection Cancel, which here really cancels (bumble's
stock controller ignores it, which would block every later connect on that controller after one
timeout). It simulates no radio timing: no connection interval, no air time, no loss.
"""


from __future__ import annotations

import asyncio
import logging

from bleak.uuids import normalize_uuid_str
from bumble import core, hci, ll
from bumble.controller import Controller
from bumble.device import Connection
from bumble.host import Host
from bumble.link import LocalLink

logger = logging.getLogger(__name__)


#: ATT MTU the client requests on every connection (docs/protocol.md); without it notifications are cut
#: to the 23-byte default MTU.
REQUESTED_MTU = 247
#: The default ATT MTU before an exchange (Bluetooth Core Vol 3 Part F 3.2.8).
DEFAULT_MTU = 23
#: LE ACL data packet length of every virtual controller: the LE Data Length Extension maximum (Bluetooth
#: Core Vol 6 Part B 4.5.10). bumble's default, 27, splits each 247-byte notification into ~10 HCI packets.
ACL_DATA_PACKET_LENGTH = 251
#: Seconds to wait for a disconnection to complete before giving up on it.
DISCONNECT_TIMEOUT_S = 2.0

REMOTE_USER_TERMINATED = hci.HCI_REMOTE_USER_TERMINATED_CONNECTION_ERROR
GAP_DEVICE_NAME_UUID = normalize_uuid_str("2a00")


_controller_logger = logging.getLogger("bumble.controller")
_host_logger = logging.getLogger("bumble.host")


class SimController(Controller):
    """bumble's virtual controller with 251-byte LE ACL packets and a working connect cancel.

    Unless bumble's debug logging is on, it also skips the per-packet debug text bumble formats whether
    or not it is logged (a third of the CPU of a notification stream).
    """

    le_acl_data_packet_length = ACL_DATA_PACKET_LENGTH

    def on_hci_packet(self, packet: hci.HCI_Packet) -> None:
        if _controller_logger.isEnabledFor(logging.DEBUG):
            return super().on_hci_packet(packet)
        match packet:
            case hci.HCI_Command():
                self.on_hci_command_packet(packet)
            case hci.HCI_AclDataPacket():
                self.on_hci_acl_data_packet(packet)
            case _:
                super().on_hci_packet(packet)

    def send_hci_packet(self, packet: hci.HCI_Packet) -> None:
        if _controller_logger.isEnabledFor(logging.DEBUG):
            return super().send_hci_packet(packet)
        if self.host:
            asyncio.get_running_loop().call_soon(self.host.on_packet, bytes(packet))

    def on_link_acl_data(self, sender_address: hci.Address, transport: core.PhysicalTransport, data: bytes) -> None:
        """Data from a peer whose link this controller has already closed is dropped, as a radio drops it:
        the peer sends until its side of the disconnection arrives (bumble's stock controller warns of each
        such packet on the user's terminal)."""
        links = self.le_connections if transport == core.PhysicalTransport.LE else self.classic_connections
        if sender_address not in links:
            logger.debug("ACL data from %s after its link closed: dropped", sender_address)
            return
        super().on_link_acl_data(sender_address, transport, data)

    def on_hci_le_create_connection_cancel_command(
        self, _command: hci.HCI_LE_Create_Connection_Cancel_Command
    ) -> hci.HCI_StatusReturnParameters:
        """Bluetooth Core Vol 4 Part E 7.8.13: cancel, then report the connection as failed (status 0x02)."""
        pending = self.pending_le_connection
        if pending is None:
            return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.COMMAND_DISALLOWED_ERROR)
        self.pending_le_connection = None
        event = hci.HCI_LE_Connection_Complete_Event(
            status=hci.HCI_UNKNOWN_CONNECTION_IDENTIFIER_ERROR,
            connection_handle=0,
            role=hci.Role.CENTRAL,
            peer_address_type=pending.peer_address.address_type,
            peer_address=pending.peer_address,
            connection_interval=0,
            peripheral_latency=0,
            supervision_timeout=0,
            central_clock_accuracy=0,
        )
        # After the Command Complete that returning here produces.
        asyncio.get_running_loop().call_soon(self.send_hci_packet, event)
        return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.SUCCESS)


class QuietHost(Host):
    """bumble's Host, minus the per-packet debug text it formats even when debug logging is off."""

    def send_hci_packet(self, packet: hci.HCI_Packet) -> None:
        if self.snooper or _host_logger.isEnabledFor(logging.DEBUG):
            return super().send_hci_packet(packet)
        if self.hci_sink:
            self.hci_sink.on_packet(bytes(packet))

    def on_hci_packet(self, packet: hci.HCI_Packet) -> None:
        if self.snooper or _host_logger.isEnabledFor(logging.DEBUG):
            return super().on_hci_packet(packet)
        match packet:
            case hci.HCI_Event():
                self.on_hci_event_packet(packet)
            case hci.HCI_AclDataPacket():
                self.on_hci_acl_data_packet(packet)
            case _:
                super().on_hci_packet(packet)

    def on_command_processed(self, event: hci.HCI_Command_Complete_Event | hci.HCI_Command_Status_Event) -> None:
        """A command's completion that arrives after its waiter was cancelled (a session that stops while
        its host still waits on a command) is dropped: bumble's host would set a result on a future already
        done and print the InvalidStateError on the user's terminal."""
        if self.pending_response is not None and self.pending_response.done():
            logger.debug("completion of command 0x%X after its waiter was cancelled: dropped",
                         event.command_opcode)
            return
        super().on_command_processed(event)


def connection_alive(connection: Connection) -> bool:
    """Whether bumble still holds this connection (a request on a dead one would wait 30 s for nothing)."""
    return connection.device.connections.get(connection.handle) is connection


def retire_controller(controller: Controller, reason: int = REMOTE_USER_TERMINATED) -> None:
    """Take a controller off its link: its peers see each of its LE connections terminate with ``reason``;
    its own host hears nothing more."""
    controller.host = None
    controller.pending_le_connection = None
    controller.le_legacy_advertiser.stop()
    for adv_set in controller.advertising_sets.values():
        adv_set.stop()
    for connection in list(controller.le_connections.values()):
        try:
            connection.send_ll_control_pdu(ll.TerminateInd(reason))
        except core.InvalidArgumentError:
            pass  # the peer is gone already
    controller.le_connections.clear()
    link = controller.link
    if isinstance(link, LocalLink) and controller in link.controllers:
        link.remove_controller(controller)
