"""atheris fuzzer: the cli target of targets.py (see there for what must hold).

.venv/bin/python fuzz/fuzz_cli.py -max_total_time=60 fuzz/seeds/cli
"""

import sys

import atheris

with atheris.instrument_imports(include=["entrytui", "targets"]):
    import targets

if __name__ == "__main__":
    atheris.Setup(sys.argv, targets.CliTarget())
    atheris.Fuzz()
