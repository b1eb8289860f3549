"""The law as loaded: safe YAML in, layers merged, parameters by legal period, conditions checked and
compiled, citations and messages bound. Nothing here decides a claim.
"""
