"""servers.py: the live servers of tests/http/ and bench/http_bench.py, started and stopped by pid.

Servers: a group of child processes, each logging to <log_dir>/<name>.log, every one of
them stopped (SIGTERM, then SIGKILL after `grace` seconds) by stop_all(), so a failed run
leaves no server behind; each child also gets SIGTERM from the kernel when this process
dies without stopping it (killed by a timeout, say), so none outlives its run. free_port() picks a loopback port nothing listens on;
wait_listening() waits until a server accepts connections or exits.
"""
import ctypes
import os
import signal
import socket
import subprocess
import time


PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """In the child before exec: SIGTERM when the parent dies (prctl(2), Linux)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, p, seconds=60):
    """True once 127.0.0.1:port accepts a connection; False if p exits or time runs out."""
    deadline = time.time() + seconds
    while time.time() < deadline and p.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def stop(p, grace=15):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


class Servers:
    def __init__(self, log_dir, grace=15):
        self.log_dir, self.grace, self.processes = log_dir, grace, []

    def start(self, name, argv, env=None, cwd=None):
        log = open(os.path.join(self.log_dir, name + ".log"), "wb")
        p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                             preexec_fn=_die_with_parent)
        log.close()  # the child has its own descriptor
        self.processes.append((name, p))
        return p

    def stop_all(self):
        """SIGTERM to every one still running first, then waits for each in turn."""
        for _, p in self.processes:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for _, p in self.processes:
            stop(p, self.grace)

    def running(self):
        return [name for name, p in self.processes if p.poll() is None]
