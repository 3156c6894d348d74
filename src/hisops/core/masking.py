"""Masking patient data (身份证号, phone numbers, record numbers, labelled names) for people
who may not see it, and for what the database keeps in the clear (``core.privacy``)."""

import re

ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)")
# A record number after its label (住院号：ZY2026001234), and a name after an explicit
# label with a colon (患者：张三, 姓名: 李四): free text says "患者无法挂号" too, so a name
# is only recognised where the writer labelled it.
RECORD_NUMBER = re.compile(
    r"((?:住院号|病案号|门诊号|就诊卡号|病历号|ID号)\s*[:：]?\s*)[A-Za-z0-9-]*?([A-Za-z0-9]{2})(?![A-Za-z0-9-])"
)
PATIENT_NAME = re.compile(
    r"((?:患者|病人|姓名|患者姓名)\s*[:：]\s*)([\u4e00-\u9fa5])[\u4e00-\u9fa5]{1,3}"
)


def mask_text(text: str) -> str:
    """Replace the middle of ID-card and phone numbers in free text with asterisks."""
    if not text:
        return text
    text = ID_CARD.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    text = MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    text = LANDLINE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    text = RECORD_NUMBER.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    return PATIENT_NAME.sub(lambda m: f"{m.group(1)}{m.group(2)}*", text)


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    return (
        digits[:3] + "*" * (len(digits) - 7 if len(digits) > 7 else len(digits) - 4) + digits[-4:]
    )
