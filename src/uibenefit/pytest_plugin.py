"""pytest plugin: collects auditor scenario files (see uibenefit.scenarios)."""
