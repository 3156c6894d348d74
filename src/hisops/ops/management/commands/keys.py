from collections import Counter

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from hisops.audit.services import audit_record
from hisops.core import crypto
from hisops.core.capabilities import SYSTEM


class Command(BaseCommand):
    help = (
        "keys status: which SM4 keys encrypt how many stored values. keys rotate [--retire]: "
        "a new key encrypts from now on and every encrypted value is re-encrypted under it; "
        "--retire then forgets the older keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "rotate"])
        parser.add_argument(
            "--retire", action="store_true", help="after rotating, drop the older keys"
        )

    def handle(self, *args, action, retire, **options):
        if action == "status":
            ring = crypto.keyring()
            self.stdout.write(
                f"encrypting key: {ring[0][0]}; keys held: {', '.join(k for k, _ in ring)}"
            )
            for model, name in crypto.encrypted_fields():
                used = Counter(
                    crypto.key_id(stored) or "plain"
                    for _pk, stored in crypto.stored_values(model, name)
                )
                self.stdout.write(f"  {model._meta.label}.{name}: {dict(used) or '-'}")
            return
        try:
            done = crypto.rotate(
                retire=retire,
                progress=lambda model, name: self.stderr.write(
                    f"re-encrypted {model._meta.label}.{name}"
                ),
            )
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        audit_record(actor=SYSTEM, action="ops.keys.rotate", object_type="data key", object_repr=done["key"],
                     changes={"values": [None, done["values"]]}, message="retired older keys" if retire else "")  # fmt: skip
        self.stdout.write(
            f"now encrypting with {done['key']}; {done['values']} values re-encrypted"
        )
