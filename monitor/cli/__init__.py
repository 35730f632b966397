"""The solewatch command: argument parsing, the commands as library functions, the terminal views (rich)."""
