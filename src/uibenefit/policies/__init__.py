"""The bundled policy layers (national, inner_mongolia, xingan) and the holiday table.

The YAML is edited in the repository's top-level `policies/` folder. The wheel carries a copy
as `uibenefit/policies/data/` (hatch `force-include` in pyproject.toml), so an installed
package finds it here; an editable install has no copy and `uibenefit.law._resources.bundled_dir()`
falls back to `<repo>/policies`. Nothing in this package is code: import `uibenefit` instead.
"""
