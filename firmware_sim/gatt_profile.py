"""The Solewatch insole's GATT profile, firmware side: the UUIDs of docs/protocol.md and the Device
Information strings the simulated insole serves.

One idea: the names (UUIDs and device-information values) the insole's services and characteristics go by.
"""


# The firmware's own copy of the UUIDs of docs/protocol.md.
PRESSURE_SERVICE_UUID = "5013a7c0-0001-4f1e-9e1d-0b5e7a11ed00"
LAYOUT_CHAR_UUID = "5013a7c0-0002-4f1e-9e1d-0b5e7a11ed00"
PRESSURE_CHAR_UUID = "5013a7c0-0003-4f1e-9e1d-0b5e7a11ed00"
CONTROL_CHAR_UUID = "5013a7c0-0004-4f1e-9e1d-0b5e7a11ed00"
BATTERY_SERVICE_UUID16 = 0x180F
BATTERY_LEVEL_UUID16 = 0x2A19
DEVICE_INFO_SERVICE_UUID16 = 0x180A
MANUFACTURER_UUID16 = 0x2A29
MODEL_UUID16 = 0x2A24
SERIAL_UUID16 = 0x2A25
FIRMWARE_REVISION_UUID16 = 0x2A26

MANUFACTURER = "Solewatch Sim"
MODEL = "SW-SIM-18"
FIRMWARE_REVISION = "1.0.0-sim"
