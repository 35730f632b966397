"""`python -m monitor` is the same as the `solewatch` command."""

from monitor.cli.main import main

raise SystemExit(main())
