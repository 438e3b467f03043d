"""Figure intake: the schools' (and xã's) figure files, read defensively and added up.

A layer beside :mod:`docgen.catalog`: it reads files (YAML, CSV, XLSX) within the caps of
:mod:`docgen.figures.limits` and gives pure data (:class:`docgen.model.totals.Totals`). The
workflows call it and hand the totals to :mod:`docgen.compose`, which reads no file.
"""

from docgen.figures.load import add_up, load_data
from docgen.figures.spec import needed_figures, spec_source, spec_totals, table_figures

__all__ = [
    "add_up",
    "load_data",
    "needed_figures",
    "spec_source",
    "spec_totals",
    "table_figures",
]
