"""The values a caller hands in and gets back (`Claimant`, `Decision` ...), the person file, the
message catalogue and the safe readers they use. They import nothing above them.
"""
