"""Search support: teaching the Chinese word segmenter our names so they stay whole.

Material's search plugin segments Han text with jieba when it is installed. Words jieba does
not know (昇腾, 平头哥, 思元590) would be split apart and could not be found; we add every
Chinese name and alias from content/ to jieba's dictionary before the index is built.
"""

from __future__ import annotations

import logging
import re

from chipbrief.catalog import Catalog

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def chinese_names(catalog: Catalog) -> list[str]:
    """Every run of Han characters in the catalog's Chinese names and aliases, sorted, each once."""
    names: set[str] = set()
    for entity in [*catalog.companies.values(), *catalog.chips.values()]:
        for name in [entity.name_zh or "", *entity.aliases]:
            # Material hands jieba each run of Han characters alone: 昇腾910C reaches it as 昇腾.
            names.update(_HAN_RUN.findall(name))
    return sorted(names)


def jieba_user_dictionary(catalog: Catalog) -> str:
    """The names as a jieba user dictionary: one word a line with a high frequency."""
    return "".join(f"{name} 100000\n" for name in chinese_names(catalog))


def add_search_words(catalog: Catalog) -> None:
    """Add the catalog's Chinese names to jieba's dictionary (a no-op without jieba)."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
    for name in chinese_names(catalog):
        jieba.add_word(name, freq=100000)
