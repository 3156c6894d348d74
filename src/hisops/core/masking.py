"""Masking patient data (身份证号, phone numbers) for people who may not see it."""

import re

ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)")


def mask_text(text: str) -> str:
    """Replace the middle of ID-card and phone numbers in free text with asterisks."""
    if not text:
        return text
    text = ID_CARD.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    text = MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    return LANDLINE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    return (
        digits[:3] + "*" * (len(digits) - 7 if len(digits) > 7 else len(digits) - 4) + digits[-4:]
    )
