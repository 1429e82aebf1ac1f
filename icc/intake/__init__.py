"""The intake of staff uploads: what a problem is, how headers and cells are understood.

``icc.reading`` turns a file into text cells, ``icc.validation`` types and checks them;
the small modules here are what both share (problems, header matching, cell typing)
and the error boundary around the whole check-and-publish flow.
"""
