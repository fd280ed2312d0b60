"""fakecloud's own bounds on the shape of a definition, beyond the service's documented limits (`limits.py`).

The service publishes no nesting limits; these keep hostile or generated text from exhausting memory or the stack
of the checker and the engine, far above what any real flow uses. Each is reported as an error at the place where
the definition passes it."""
from __future__ import annotations

MAX_YAML_DEPTH = 200          # nested YAML mappings and lists, the document itself being level 1
MAX_ALIAS_NODES = 100_000     # YAML values that aliases and merge keys add beyond the text as written
MAX_STEP_DEPTH = 32           # step sequences inside each other (choice options, parallel branches, foreach)
MAX_CONDITION_DEPTH = 32      # parentheses and '!' inside each other in one choice condition
MAX_PATH_SEGMENTS = 100       # '.name', '[n]', '[*]' parts of one path expression
