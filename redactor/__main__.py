"""Run the command line: ``python -m redactor``."""

from redactor.cli import main

main()
