"""The compose test's webhook receiver: keeps each POSTed body (Alertmanager's JSON) as a file in
/hooks, numbered in arrival order, for the test to read with `podman exec`. Port 8080."""
import http.server
import itertools
import os

counter = itertools.count(1)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = f"/hooks/{next(counter):04d}.json"
        with open(path + ".tmp", "wb") as f:
            f.write(body)
        os.rename(path + ".tmp", path)  # the test never reads half a file
        self.send_response(200)
        self.end_headers()

    def log_message(self, fmt, *args):
        pass


http.server.ThreadingHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
