import sys
import tempfile
import unittest
from unittest import mock

import train


class TrainTest(unittest.TestCase):
    def test_smoke_run_learns_on_cpu(self):
        with tempfile.TemporaryDirectory() as out:
            argv = ["train.py", "--smoke", "--epochs", "5", "--output-dir", out]
            with mock.patch.object(sys, "argv", argv):
                loss = train.main()
        self.assertLess(loss, 0.5)


if __name__ == "__main__":
    unittest.main()
