"""The readable account of a decision: text in either language and the printable HTML page."""
