"""``python -m docgen.cli``: the docgen command."""

from docgen.cli import main

main()
