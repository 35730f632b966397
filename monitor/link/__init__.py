"""Everything between the radio and frames: the wire protocol, the device clock, frame assembly, the BLE link (the only bleak import) and the simulated insoles' wiring."""
