"""Tests of record linkage: the pure core and its command line."""
