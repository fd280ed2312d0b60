"""In-process fakes of the services flows call: plain Python objects, no HTTP."""
