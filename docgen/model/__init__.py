"""Pure, validated data of docgen: organisations, references, tasks, milestones, specs.

No I/O and no Word XML here. Every object keeps the :class:`Location` it was read from so
later layers can point the user at the right line.
"""

from docgen.model.cascade import CascadeProfile
from docgen.model.entities import (
    LEVELS,
    ROLES,
    Level,
    Milestone,
    Org,
    Reference,
    Signer,
    Target,
    TaskList,
    TaskNode,
    YearRange,
)
from docgen.model.spec import BodyBlock, CcEntry, DocumentSpec, SignerRef

__all__ = [
    "LEVELS",
    "ROLES",
    "BodyBlock",
    "CascadeProfile",
    "CcEntry",
    "DocumentSpec",
    "Level",
    "Milestone",
    "Org",
    "Reference",
    "Signer",
    "SignerRef",
    "Target",
    "TaskList",
    "TaskNode",
    "YearRange",
]
