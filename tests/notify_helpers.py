"""Helpers for the notification tests (issue 17): a local stub HTTP gateway and the file outbox."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class StubGateway:
    """An HTTP server on 127.0.0.1 (a thread) that records each POST and answers `status`."""

    def __init__(self, status: int = 200):
        self.status = status
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                stub.requests.append(
                    {"path": self.path, "auth": self.headers.get("Authorization"), "json": json.loads(body)}
                )
                answer = json.dumps({"id": f"msg-{len(stub.requests)}"}).encode()
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):  # keep the test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/send"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def file_messages(folder: Path, channel: str) -> list[str]:
    """The messages the file backend wrote for `channel`, one string each."""
    path = Path(folder) / f"{channel}.log"
    if not path.exists():
        return []
    return [chunk for chunk in path.read_text(encoding="utf-8").split("--- ") if chunk.strip()]
