import sys
import tempfile
import unittest
from unittest import mock

import finetune


class FinetuneTest(unittest.TestCase):
    def test_lora_smoke_run_fits_on_cpu(self):
        with tempfile.TemporaryDirectory() as out:
            with mock.patch.object(sys, "argv", ["finetune.py", "--smoke", "--output-dir", out]):
                loss = finetune.main()
        self.assertLess(loss, 0.05)


if __name__ == "__main__":
    unittest.main()
