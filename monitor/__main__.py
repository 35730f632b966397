"""`python -m monitor` is the same as the `solewatch` command (monitor.entry: Ctrl-C while the command
line's modules load is said as any command's, not a traceback)."""

from monitor.entry import main

raise SystemExit(main())
