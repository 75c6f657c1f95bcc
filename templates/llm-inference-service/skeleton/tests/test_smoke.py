import http.server
import json
import threading
import unittest

import smoke_test


class FakeServer(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        reply = {"choices": [{"message": {"content": "echo: " + body["messages"][0]["content"]}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class SmokeTest(unittest.TestCase):
    def test_asks_the_chat_completions_endpoint(self):
        server = http.server.HTTPServer(("127.0.0.1", 0), FakeServer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            url = f"http://127.0.0.1:{server.server_port}/openai/v1"
            self.assertEqual(smoke_test.ask(url, "hi"), "echo: hi")
        finally:
            server.shutdown()


if __name__ == "__main__":
    unittest.main()
