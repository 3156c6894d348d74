"""Request facts (source IP) that services record without views passing them along."""

from contextvars import ContextVar

source_ip: ContextVar[str | None] = ContextVar("hisops_source_ip", default=None)
