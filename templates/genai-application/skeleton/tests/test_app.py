import json
import threading
import unittest
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

import app


class FakeModel(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        data = json.dumps({"choices": [{"message": {"content": "re: " + body["messages"][-1]["content"]}}]}).encode()
        self.send_response(200)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def serve(handler):
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def post(port, payload):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/ask", data=json.dumps(payload).encode(), method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


class AppTest(unittest.TestCase):
    def test_answers_with_the_model(self):
        model = serve(FakeModel)
        service = serve(app.Handler)
        try:
            with mock.patch.object(app, "MODEL_ENDPOINT", f"http://127.0.0.1:{model.server_port}/openai/v1"):
                with mock.patch.object(app.ask_model, "__defaults__", (f"http://127.0.0.1:{model.server_port}/openai/v1",)):
                    self.assertEqual(post(service.server_port, {"question": "hi"}), (200, {"answer": "re: hi"}))
        finally:
            model.shutdown()
            service.shutdown()

    def test_refuses_an_empty_question(self):
        service = serve(app.Handler)
        try:
            status, body = post(service.server_port, {"question": " "})
            self.assertEqual(status, 400)
            self.assertIn("question", body["error"])
        finally:
            service.shutdown()


if __name__ == "__main__":
    unittest.main()
