"""fakecloud: an offline, deterministic test double of Alibaba Cloud Serverless Workflow (FnF)."""

__version__ = "0.1.0"
