"""Domain errors. Services raise them; the API and views turn them into responses.

Each carries a machine ``code``, a human ``message`` in the user's language, and optional
per-field messages, which is exactly the JSON error shape of API.md.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    status = 400
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, code=None, fields=None, extra=None):
        self.message = str(message or self.default_message)
        if code:
            self.code = code
        self.fields = {name: [str(m) for m in msgs] for name, msgs in (fields or {}).items()}
        self.extra = extra or {}
        super().__init__(self.message)

    def describe(self) -> str:
        """One line for a person: a message of its own when the error has one (written in
        words, it names what is wrong better than field codes), else the field messages, else
        the general message."""
        if self.fields and self.message == str(self.default_message):
            return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in self.fields.items())
        return self.message

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": self.message, "fields": self.fields}
        body.update(self.extra)
        return body


class ValidationError(DomainError):
    code = "invalid"
    default_message = _("Some fields are not valid.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with an existing record.")


def from_django(exc) -> ValidationError:
    """Turn a Django ``ValidationError`` (from ``full_clean``) into ours, field by field."""
    if hasattr(exc, "error_dict"):
        fields = {
            ("non_field_errors" if name == "__all__" else name): [
                str(m) for err in errors for m in err.messages
            ]
            for name, errors in exc.error_dict.items()
        }
        return ValidationError(fields=fields)
    return ValidationError(" ".join(str(m) for m in exc.messages))


def validate(instance, *, exclude=(), validate_unique: bool = False) -> None:
    """``full_clean`` a model instance, raising our ``ValidationError`` field by field."""
    from django.core.exceptions import ValidationError as DjangoValidationError

    try:
        instance.full_clean(exclude=list(exclude), validate_unique=validate_unique)
    except DjangoValidationError as exc:
        raise from_django(exc) from exc


UNIQUE_MESSAGES = {
    "code": _("This code is already used in this hospital."),
    "name": _("This name is already used in this hospital."),
    "number": _("This contract number is already used."),
}


def taken_in_hospital(model, hospital, **values) -> dict[str, list[str]]:
    """Field errors for each of ``values`` another record of the hospital already has (a
    code, a name, a number); empty when all are free."""
    rows = model.objects.filter(hospital=hospital)
    return {
        field: [str(UNIQUE_MESSAGES[field])]
        for field, value in values.items()
        if rows.filter(**{field: value}).exists()
    }
