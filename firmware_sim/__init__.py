"""Simulated Solewatch insole firmware: a biomechanical pressure model behind a real BLE GATT peripheral
(bumble), reachable from bleak through the backend in firmware_sim.radio."""
