"""Reading answers documents from files for the command-line tools (assess, export_memo).

The reader is pure code in ``classification.rules.cli`` (the console script uses it too)."""

from classification.rules.cli import LoadedDocument, load_answers_file

__all__ = ["LoadedDocument", "load_answers_file"]
