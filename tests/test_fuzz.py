"""The atheris fuzzers (``fuzz/``) for a few seconds each: coverage-guided inputs to the
rules, the upload reader and the command line.  ``make fuzz`` runs them for longer
(``ENTRYTUI_FUZZ_SECONDS``).  A crash, a hang (over 20 s on one input) or a broken promise of
``fuzz/targets.py`` makes the run fail; libFuzzer prints the input that did it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from helpers import ROOT

SECONDS = int(os.environ.get("ENTRYTUI_FUZZ_SECONDS", "8"))

pytest.importorskip("atheris", reason="atheris has wheels for Linux only")


@pytest.mark.slow
@pytest.mark.parametrize("target", ["rules", "upload", "cli"])
def test_the_fuzzer_finds_nothing(target, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "fuzz" / "seeds" / target, corpus)  # libFuzzer adds to its corpus
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / f"fuzz_{target}.py"),
            f"-max_total_time={SECONDS}",
            "-timeout=20",
            "-rss_limit_mb=4096",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        errors="replace",
        cwd=tmp_path,
        timeout=SECONDS + 120,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT / 'fuzz'}"},
    )
    assert run.returncode == 0, run.stderr[-4000:]
    runs = int(re.search(r"Done (\d+) runs", run.stderr).group(1))
    print(f"\nfuzz {target}: {runs:,} inputs in {SECONDS} s, {len(list(corpus.iterdir()))} in the corpus, no failure")
    assert runs > 100
