# Type information for the compiled module eforms.pyx.
from typing import Any

from cirkular.core.notices.record import Notice

NAMESPACE_PREFIXES: tuple[str, str]

def is_eforms(root: Any) -> bool: ...
def parse_eforms(root: Any) -> Notice: ...
