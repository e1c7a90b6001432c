"""A pure interpreter of the SPL (SLS Processing Language) subset used by consume processors and SPL pulls.

``compile_spl(text)`` parses ``* | where ... | extend ... | project ...`` into a :class:`Program`; ``SplError``
names the line and column of invalid input. ``apply_to_group`` runs a program over one serialized LogGroup.
"""

from .lexer import SplError
from .loggroups import apply_to_group, apply_to_groups
from .program import Program, compile_spl

__all__ = ["Program", "SplError", "apply_to_group", "apply_to_groups", "compile_spl"]
