"""`python -m monotown` is the same as the `monotown` command."""

from monotown.cli import main

main()
