import datetime as dt
import unittest

import idle_check


class IdleCheckTest(unittest.TestCase):
    def test_minutes_since_last_activity(self):
        now = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
        status = {"last_activity": "2026-01-01T10:30:00Z"}
        self.assertEqual(idle_check.idle_minutes(status, now), 90)

    def test_unreachable_server_is_an_error(self):
        self.assertEqual(idle_check.main(["--url", "http://127.0.0.1:9/api/status"]), 1)


if __name__ == "__main__":
    unittest.main()
