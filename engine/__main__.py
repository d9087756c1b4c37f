"""`python -m engine <command> ... [--json]`: everything the pages draw, headless."""
import sys

from engine.cli import main

sys.exit(main())
