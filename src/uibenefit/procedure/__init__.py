"""The procedure of the law, one module per legal concept (facts, eligibility, entitlement,
retirement, schedule, stops, paperwork), joined by `engine`. `_integer` is the one text of its
arithmetic: plain integer Python run as it is for one claim and compiled by numba over columns.
"""
