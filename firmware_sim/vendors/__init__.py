"""Simulated commercial insoles, built from their makers' public facts (docs/devices.md): encoders and
hardware descriptions written from the vendors' code and specs, apart from the monitor's decoders."""
