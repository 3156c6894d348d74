"""The production profile of the README passes Django's deployment checks with no issue."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_under_the_production_profile(tmp_path):
    env = {
        "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "HISOPS_HOME": str(tmp_path), "HISOPS_HTTPS": "1", "HISOPS_TRUST_X_FORWARDED_FOR": "1",
        "HISOPS_SECRET_KEY": "p" * 20 + "-production-secret-key-0123456789-abcdefghij",
        "HISOPS_ALLOWED_HOSTS": "ops.hospital.cn", "DJANGO_SETTINGS_MODULE": "hisops.config.settings",
    }  # fmt: skip
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
