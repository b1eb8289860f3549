"""Tools over the public API: scenario files, generated policy docs, cross-layer consistency
checks, and Parquet read as it unpacks (bounded, for uploads and the batch command)."""
