"""``python -m contentguard``."""

from contentguard.cli import main

main()
