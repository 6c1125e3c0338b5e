"""Benchmarks: parse throughput per format, PDF cost against pdfplumber, end-to-end runs (see bench/README.md)."""
