"""API tokens issued before were stored in clear (DRF's authtoken table). Each becomes a
hashed token (the same key keeps working until it expires or its owner's password
changes), and the clear copy is deleted."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from django.utils.crypto import salted_hmac


def forwards(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires = timezone.now() + timedelta(days=getattr(settings, "HISOPS_TOKEN_DAYS", 90))
    for token in Token.objects.select_related("user"):
        issued_under = salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            token.user.password, algorithm="sha256",
        ).hexdigest()  # what User.get_session_auth_hash() answers
        ApiToken.objects.update_or_create(
            user_id=token.user_id,
            defaults={"digest": hashlib.sha256(token.key.encode()).hexdigest(), "prefix": token.key[:8],
                      "issued_under": issued_under, "expires_at": expires},
        )  # fmt: skip
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_hashed_api_tokens"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
