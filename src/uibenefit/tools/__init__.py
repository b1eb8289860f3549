"""Tools over the public API: scenario files, generated policy docs, cross-layer consistency checks."""
