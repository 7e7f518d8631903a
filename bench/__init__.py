"""Benchmark: synthetic corpora shaped like the real knowledge base, built with our stack and with plain Material."""
