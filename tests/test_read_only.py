"""A read-only operator (issue 16, PRODUCT §8) as a real OS user: the store's files are
``0640 root:<group>`` and the user is in the group.  They list, check and back up; every
change is refused with exit 3 in one sentence naming the file and the missing permission,
and nothing is written on their behalf: not the lock file, not the audit trail.

The user and group are made in the test when it runs as root, which can; otherwise it is
skipped.  The child runs a Python the user can execute (the venv's own may live in root's
home) with the venv's packages on its path."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from entrytui.services.entries import add_entry
from helpers import build_store

USER, GROUP = "entrytui-reader", "entrytui-examops"
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("useradd"), reason="needs root (and useradd) to make a real OS user"
)


def _ensure_user() -> tuple[int, int]:
    try:
        gid = grp.getgrnam(GROUP).gr_gid
    except KeyError:
        subprocess.run(["groupadd", GROUP], check=True)
        gid = grp.getgrnam(GROUP).gr_gid
    try:
        uid = pwd.getpwnam(USER).pw_uid
    except KeyError:
        subprocess.run(["useradd", "--no-create-home", "--gid", GROUP, USER], check=True)
        uid = pwd.getpwnam(USER).pw_uid
    return uid, gid


def _python_for(uid: int, gid: int) -> list[str] | None:
    """A Python of this version the user may run, with entrytui and the venv's packages."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{sysconfig.get_paths()['purelib']}"}
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for python in (sys.executable, shutil.which(version, path="/usr/local/bin:/usr/bin:/bin")):
        if not python:
            continue
        try:
            probe = subprocess.run(
                [python, "-c", "import entrytui.cli, cryptography, tinydb"],
                user=uid,
                group=gid,
                env=env,
                capture_output=True,
            )
        except PermissionError:  # in a home the user may not enter
            continue
        if probe.returncode == 0:
            return [python, "-m", "entrytui"]
    return None


@pytest.fixture(scope="module")
def reader():
    uid, gid = _ensure_user()
    command = _python_for(uid, gid)
    if command is None:
        pytest.skip(f"no Python {sys.version_info.major}.{sys.version_info.minor} that {USER} may run")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{sysconfig.get_paths()['purelib']}"}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [*command, *args], user=uid, group=gid, env=env, input=stdin, capture_output=True, text=True, timeout=60
        )

    return run, gid


@pytest.fixture
def shared(reader):
    """A store owned by root, readable by the group: folder 0750, files 0640."""
    _, gid = reader
    folder = Path(tempfile.mkdtemp(prefix="entrytui-shared-", dir="/tmp"))
    os.chmod(folder.parent, os.stat(folder.parent).st_mode)  # /tmp: everyone may pass
    store = build_store(folder / "store.json")
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    os.chown(folder, 0, gid)
    os.chmod(folder, 0o750)
    for path in folder.iterdir():
        os.chown(path, 0, gid)
        os.chmod(path, 0o640)
    yield store
    shutil.rmtree(folder)


def files_of(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_a_read_only_operator_lists_and_checks_and_is_refused_every_change_with_nothing_written(reader, shared):
    run, _ = reader
    data = ["--data", str(shared.path)]
    before = files_of(shared.path.parent)
    listed = run("session", "list", *data)
    assert listed.returncode == 0 and "December Linguaskill" in listed.stdout, listed.stderr
    entries = run("entry", "list", "--session", "S1", *data)
    assert entries.returncode == 0 and "Cand1" in entries.stdout
    checked = run("check", *data)
    assert checked.returncode == 0 and checked.stdout.startswith("sound"), checked.stdout + checked.stderr
    changes = [
        ["session", "add", "--name", "X", "--test", "Linguaskill", "--start", "2100-01-01 09:00"],
        ["entry", "withdraw", *[line.split()[0] for line in entries.stdout.splitlines()[1:2]]],
        ["venue", "add", "Hall"],
        ["logins", "--session", "S1", "--pdf", "/tmp/never.pdf"],
    ]
    for change in changes:
        refused = run(*change, *data)
        assert refused.returncode == 3, (change, refused.stdout, refused.stderr)
        assert "you may read the store" in refused.stderr and "no write permission on" in refused.stderr
        assert refused.stderr.count("\n") == 1, refused.stderr
    added = run("entry", "add", "--session", "S1", "--first-name", "Bo", "--family-name", "Li", "--username",
                "Cand2", "--password-stdin", *data, stdin="Secret123\n")  # fmt: skip
    assert added.returncode == 3 and "Secret123" not in added.stderr
    assert files_of(shared.path.parent) == before, "nothing written: not the lock file, not the audit"
    assert not Path("/tmp/never.pdf").exists()


def test_a_read_only_operator_backs_up_into_a_folder_of_their_own(reader, shared):
    run, _ = reader
    target = Path(tempfile.mkdtemp(prefix="entrytui-backup-", dir="/tmp"))
    os.chown(target, pwd.getpwnam(USER).pw_uid, -1)
    try:
        made = run("backup", str(target / "b.json"), "--data", str(shared.path))
        assert made.returncode == 0, made.stderr
        assert (target / "b.json").stat().st_uid == pwd.getpwnam(USER).pw_uid
        assert run("check", "--data", str(target / "b.json")).returncode == 0
    finally:
        shutil.rmtree(target)


def test_a_read_only_operator_prints_the_attendance_register(reader, shared):
    """The register reads only, and writes no audit event: the store's files stay as they were."""
    run, _ = reader
    target = Path(tempfile.mkdtemp(prefix="entrytui-register-", dir="/tmp"))
    os.chown(target, pwd.getpwnam(USER).pw_uid, -1)
    before = files_of(shared.path.parent)
    try:
        made = run("register", "--session", "S1", "--pdf", str(target / "r.pdf"), "--data", str(shared.path))
        assert made.returncode == 0 and "register of 1 candidate written to" in made.stdout, made.stderr
        assert (target / "r.pdf").stat().st_uid == pwd.getpwnam(USER).pw_uid
        assert (target / "r.pdf").read_bytes().startswith(b"%PDF")
        assert files_of(shared.path.parent) == before, "nothing written: not the lock file, not the audit"
    finally:
        shutil.rmtree(target)
