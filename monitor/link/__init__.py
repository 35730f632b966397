"""Everything between the radio and frames: the wire protocol, the device clock, frame assembly (one record
at a time, and its batch path), the BLE link (the only bleak import) and choosing the pair of insoles.
"""
