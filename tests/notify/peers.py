"""Real local peers for the channel tests: an HTTP server that records what robots and
webhooks receive, and an SMTP server (aiosmtpd) that keeps the mail it is given."""

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    path: str
    query: dict
    headers: object
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class HttpPeer:
    """Answers every POST with ``reply`` (status, JSON) and records the request."""

    server: ThreadingHTTPServer
    requests: list[Received] = field(default_factory=list)
    replies: list[tuple[int, dict]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


def start_http_peer() -> HttpPeer:
    peer: HttpPeer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            parts = urlsplit(self.path)
            # self.headers looks names up case-insensitively, as HTTP does.
            peer.requests.append(Received(parts.path, parse_qs(parts.query), self.headers, body))
            status, answer = (
                peer.replies.pop(0) if peer.replies else (200, {"errcode": 0, "code": 0})
            )
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    peer = HttpPeer(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return peer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
