"""Says whether a Jupyter server has been idle too long.

Reads /api/status (`last_activity`) and exits 2 when the server has been idle
for longer than --idle-minutes, 0 otherwise, 1 when it cannot be read.
    python idle_check.py --url http://notebook:8888/api/status --idle-minutes 60
"""
import argparse
import datetime as dt
import json
import sys
import urllib.request


def idle_minutes(status: dict, now: dt.datetime) -> float:
    last = dt.datetime.fromisoformat(status["last_activity"].replace("Z", "+00:00"))
    return (now - last).total_seconds() / 60


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--idle-minutes", type=float, default=${{ values.idleMinutes }})
    args = parser.parse_args(argv)
    try:
        with urllib.request.urlopen(args.url, timeout=10) as response:
            status = json.load(response)
    except Exception as error:  # noqa: BLE001 - any failure to read is reported the same way
        print(f"cannot read {args.url}: {error}", file=sys.stderr)
        return 1
    idle = idle_minutes(status, dt.datetime.now(dt.timezone.utc))
    print(json.dumps({"idle_minutes": round(idle, 1), "limit": args.idle_minutes}))
    return 2 if idle > args.idle_minutes else 0


if __name__ == "__main__":
    sys.exit(main())
