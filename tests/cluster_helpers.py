"""A real Dask scheduler and real workers on this machine, for the cluster tests.

Started the way a user starts them (``python3 -m distributed.cli.dask_scheduler``
and ``… dask_worker tcp://host:port``, Debian's python3-distributed), as separate
processes, independent of the engine's own local-cluster code. Workers get the
checkout on PYTHONPATH as package ``smdownscale`` (tests/.pkg).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PKG_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".pkg")


class ExternalCluster:
    """A scheduler in ``folder``; :meth:`add_workers` starts workers (one thread each)."""

    def __init__(self, folder):
        self.folder = str(folder)
        self.workers = []
        self.own = []  # folders to remove on stop
        self.scheduler = None
        self.address = None

    def _spawn(self, name, args, user=None, cwd=None, env=None):
        env = dict(os.environ, PYTHONPATH=PKG_DIR, **(env or {}))
        command = [sys.executable, "-m", *args]
        if user:
            command = ["runuser", "-u", user, "--", *command]
        log = open(os.path.join(self.folder, f"{name}.log"), "wb")
        with log:
            return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    cwd=cwd or self.folder, start_new_session=True)

    def start(self):
        scheduler_file = os.path.join(self.folder, "scheduler.json")
        self.scheduler = self._spawn("scheduler", [
            "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
            "--dashboard-address", ":0", "--scheduler-file", scheduler_file])
        deadline = time.monotonic() + 60
        while not os.path.exists(scheduler_file):
            assert self.scheduler.poll() is None and time.monotonic() < deadline, \
                self.log("scheduler")
            time.sleep(0.1)
        time.sleep(0.2)
        with open(scheduler_file) as f:
            self.address = json.load(f)["address"]
        return self

    def add_workers(self, n, user=None, wait=True, env=None):
        """Start ``n`` more workers (as ``user``, with ``env`` added, if given); wait for them."""
        first = len(self.workers)
        for i in range(first, first + n):
            folder = os.path.join(self.folder, f"w{i}")
            os.makedirs(folder, exist_ok=True)
            if user:  # a folder of its own that the user can enter (pytest's are private)
                folder = tempfile.mkdtemp(prefix="smdownscale_worker_")
                os.chmod(folder, 0o777)
                self.own.append(folder)
            self.workers.append(self._spawn(f"worker-{i}", [
                "distributed.cli.dask_worker", self.address, "--nthreads", "1",
                "--name", f"test-{i}", "--dashboard-address", ":0",
                "--local-directory", folder], user, cwd=folder, env=env))
        if wait:
            self.wait_for(len(self.workers))

    def client(self):
        from distributed import Client

        return Client(self.address, timeout=30, set_as_default=False)

    def wait_for(self, n):
        with self.client() as client:
            client.wait_for_workers(n, timeout=90)

    def worker_pids(self):
        """{worker address: pid of the worker process (the nanny's child)}."""
        with self.client() as client:
            return client.run(os.getpid)

    def log(self, name):
        with open(os.path.join(self.folder, f"{name}.log"), errors="replace") as f:
            return f.read()[-3000:]

    def stop(self):
        for proc in self.workers + [self.scheduler]:
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.workers + [self.scheduler]:
            if proc is None:
                continue
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        for folder in self.own:
            shutil.rmtree(folder, ignore_errors=True)


def free_port():
    """A TCP port nothing listens on (just released by the OS)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _RangeHandler:
    """Builds an http.server handler serving ``folder`` with byte ranges (RFC 7233).

    GDAL's /vsicurl/ reads a file by HEAD (its size) and GET with ``Range:
    bytes=a-b`` (206 Partial Content), as from a web or object store.
    """

    @staticmethod
    def make(folder):
        import http.server
        import re as _re

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(folder), **kwargs)

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                match = _re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
                path = self.translate_path(self.path)
                if not match or not os.path.isfile(path):
                    return super().do_GET()
                size = os.path.getsize(path)
                start = int(match.group(1))
                end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
                if start >= size:
                    self.send_error(416)
                    return None
                with open(path, "rb") as f:
                    f.seek(start)
                    body = f.read(end - start + 1)
                self.send_response(206)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                self.wfile.write(body)
                return None

        return Handler


class HttpFolder:
    """Serves ``folder`` over HTTP on 127.0.0.1 from a process of its own.

    ``url(name)`` is the file's /vsicurl/ path. A separate process, because GDAL
    holds the Python lock while it opens a /vsicurl/ file: a server thread in the
    reading process would never answer.
    """

    def __init__(self, folder):
        self.folder = str(folder)
        self.proc = None
        self.port = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "serve", self.folder],
            stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())
        return self

    def url(self, name):
        return f"/vsicurl/http://127.0.0.1:{self.port}/{name}"

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        return False


def _serve(folder):
    """Serve ``folder`` with byte ranges; print the port, then serve until terminated."""
    import http.server

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RangeHandler.make(folder))
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__" and sys.argv[1:2] == ["serve"]:
    _serve(sys.argv[2])
