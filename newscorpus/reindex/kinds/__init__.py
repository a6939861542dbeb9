"""The registered entity kinds, in the order they are decided (a kind may use earlier decisions)."""
from __future__ import annotations

from ..protocol import Kind
from .dates import EventDates
from .enterprises import Enterprises
from .officials import Officials
from .phrases import Phrases

KINDS: tuple[Kind, ...] = (Officials(), Enterprises(), Phrases(), EventDates())
BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
