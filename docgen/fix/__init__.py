"""`docgen fix`: repair what is mechanical and unambiguous in any .docx, at the XML level.

Repairs the page (A4, NĐ30 margins), fonts named other than Times New Roman, decomposed
(NFD) text, the date line's leading zeros, "K/T" → "KT.", the Tiêu ngữ's hyphens and the
Lưu line's final "."; leaves everything else and says what it changed. Sits beside
`docgen.check` (it may use the checker and the Vietnamese locale, nothing above them);
the command line writes the result.
"""

from __future__ import annotations

from docgen.fix.repair import Change, Repaired, repair

__all__ = ["Change", "Repaired", "repair"]
