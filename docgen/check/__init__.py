"""`docgen check`: NĐ30 rules over any .docx (a defensive reader, one small function per rule).

Knows nothing of catalogs or specs: it reads a .docx and reports findings.
"""

from __future__ import annotations

from docgen.check.engine import RULES, check_file
from docgen.check.findings import ERROR, WARNING, FileReport, Finding
from docgen.check.report import run

__all__ = ["ERROR", "RULES", "WARNING", "FileReport", "Finding", "check_file", "run"]
