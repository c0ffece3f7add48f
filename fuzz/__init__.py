"""Fuzz targets shared by the property tests (tests/test_fuzz.py) and the coverage-guided
fuzzer (fuzz/run.py, atheris). See fuzz/README.md."""
