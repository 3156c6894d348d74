"""Chinese text into search terms: jieba in search mode (so "电子病历保存偶发超时" gives 电子,
病历, 保存, 偶发, 超时 and "保存超时" finds it), the hospital's own words in its dictionary,
Latin words and version numbers lower-cased and split (HIS5.2 → his5.2, his, 5.2). The same
function segments what is indexed and what is asked, so both meet on the same terms."""

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

# Words of hospital IT that jieba's general dictionary splits or does not know.
HOSPITAL_TERMS = (
    "HIS", "LIS", "PACS", "RIS", "EMR", "HRP", "CIS", "HIS系统", "医保", "医保接口", "护士站", "医生站", "电子病历",
    "移动护理", "集成平台", "数据中心", "医嘱", "检验", "影像", "收费", "挂号", "住院", "门诊", "手麻", "体检", "病案",
    "等保", "信创", "腕带", "打印机", "扫码枪", "自助机", "叫号", "分诊", "结算", "发票", "处方", "药房", "输液",
    "心电", "超声", "内镜", "病理", "血库", "合理用药", "单点登录", "主数据", "EMPI", "CDR", "ODR",
)  # fmt: skip
LATIN = re.compile(r"[a-z]+|\d+(?:\.\d+)*")
WORD = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _ready() -> bool:
    for term in HOSPITAL_TERMS:
        jieba.add_word(term, freq=200000)
    return True


def terms(text: str) -> list[str]:
    """The distinct search terms of ``text``, in order."""
    _ready()
    seen: dict[str, None] = {}
    for token in jieba.cut_for_search(text or ""):
        token = token.strip().lower()
        if not token or not WORD.search(token):
            continue
        seen.setdefault(token, None)
        if token.isascii() and not token.isalpha():
            for part in LATIN.findall(token):
                seen.setdefault(part, None)
    return list(seen)


def indexed(text: str, limit: int = 20000) -> str:
    """What the index keeps of a text: its terms, separated by spaces."""
    return " ".join(terms(text[:limit]))
