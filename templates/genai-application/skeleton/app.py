"""A small HTTP service that answers questions with the model server.

POST /ask {"question": "..."} -> {"answer": "..."}; GET /healthz.
Standard library only:  MODEL_ENDPOINT=http://localhost:8080/openai/v1 python app.py
"""
import json
import os
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL_ENDPOINT = os.environ.get("MODEL_ENDPOINT", ${{ values.modelEndpoint | dump }})
SYSTEM_PROMPT = "You are a concise assistant for ${{ values.name }}."


def ask_model(question: str, endpoint: str = MODEL_ENDPOINT) -> str:
    body = json.dumps({
        "model": os.environ.get("MODEL_NAME", "default"),
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": question},
        ],
        "max_tokens": 256,
    }).encode()
    request = urllib.request.Request(endpoint.rstrip("/") + "/chat/completions", data=body,
                                     headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["choices"][0]["message"]["content"]


class Handler(BaseHTTPRequestHandler):
    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802
        if self.path == "/healthz":
            self._reply(200, {"status": "ok"})
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self):  # noqa: N802
        if self.path != "/ask":
            self._reply(404, {"error": "not found"})
            return
        try:
            payload = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
            question = payload["question"]
            if not isinstance(question, str) or not question.strip():
                raise ValueError
        except (ValueError, KeyError, TypeError):
            self._reply(400, {"error": "question: a non-empty string is required"})
            return
        try:
            self._reply(200, {"answer": ask_model(question)})
        except Exception as error:  # noqa: BLE001 - the model server's failure is the caller's 502
            self._reply(502, {"error": f"model server: {error}"})


def main() -> None:
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), Handler).serve_forever()


if __name__ == "__main__":
    main()
