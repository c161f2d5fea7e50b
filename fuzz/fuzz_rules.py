"""atheris fuzzer: the rules target of targets.py (see there for what must hold).

.venv/bin/python fuzz/fuzz_rules.py -max_total_time=60 fuzz/seeds/rules
"""

import sys

import atheris

with atheris.instrument_imports(include=["entrytui", "targets"]):
    import targets

if __name__ == "__main__":
    atheris.Setup(sys.argv, targets.rules_target)
    atheris.Fuzz()
