"""ATMP classification rules as code: EU category, US status, hospital exemption.

Pure Python. Nothing in this package imports Django.
"""
