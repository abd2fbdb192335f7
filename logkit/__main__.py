"""``python -m logkit``: the same command line as ``logkit``."""

from logkit._cli import main

raise SystemExit(main())
