"""Allow `python -m chipbrief`."""

from chipbrief.cli import main

main()
