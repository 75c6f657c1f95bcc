"""Asks the model server one question through its OpenAI-compatible API.

Standard library only:  python smoke_test.py --url http://localhost:8080/openai/v1
"""
import argparse
import json
import sys
import urllib.request

DEFAULT_URL = "http://${{ values.name }}.${{ values.namespace }}.svc.cluster.local/openai/v1"
MODEL = ${{ values.modelName | dump }}


def ask(base_url: str, question: str, timeout: float = 60.0) -> str:
    body = json.dumps(
        {
            "model": MODEL,
            "messages": [{"role": "user", "content": question}],
            "max_tokens": 64,
            "temperature": 0,
        }
    ).encode()
    request = urllib.request.Request(
        base_url.rstrip("/") + "/chat/completions",
        data=body,
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.load(response)
    return answer["choices"][0]["message"]["content"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--question", default="Say hello in five words.")
    args = parser.parse_args()
    try:
        print(ask(args.url, args.question))
    except Exception as error:  # noqa: BLE001 - report any failure as the smoke test's result
        print(f"smoke test failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
