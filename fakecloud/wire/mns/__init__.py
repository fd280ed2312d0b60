"""MNS REST/XML wire protocol: queues, messages, topics and subscriptions under `/queues/...` and `/topics/...`."""
from .protocol import MnsProtocol

__all__ = ("MnsProtocol",)
