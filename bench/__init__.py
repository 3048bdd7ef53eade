"""`make bench`: page latency under load against a floor view, and query counts by data size.

See bench/run.py for what it measures and bench/pages.py for the pages it measures.
"""
