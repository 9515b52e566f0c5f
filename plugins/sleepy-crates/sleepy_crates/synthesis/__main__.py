"""``python -m sleepy_crates.synthesis``."""

from sleepy_crates.synthesis.cli import main

raise SystemExit(main())
