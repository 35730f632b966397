"""`python -m monitor` is the same as the `solewatch` command."""

import sys

try:  # Ctrl-C while the command line's modules load: said as any command's, not a traceback
    from monitor.cli.main import main
except KeyboardInterrupt:
    print("solewatch: interrupted", file=sys.stderr, flush=True)
    raise SystemExit(130) from None

raise SystemExit(main())
