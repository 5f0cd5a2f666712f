"""Tools for developers, not use cases: the large generated database that benchmarks and
scale tests run on. They may use the services; nothing in services or ui imports them (the
command line's `tracker demo --scale large` is the one entry, tests/test_layers.py keeps it so)."""
