"""发文字号 as GB/T 9704 writes it. (Numbers, dates and Chinese ordinals have their one home in ``values``.)"""

from __future__ import annotations

from ..values import fold_doc_number as doc_number  # 灵政函[2022]6号 → 灵政函〔2022〕6号

__all__ = ["doc_number"]
