"""Export controls on AI chips: the TPP arithmetic, the rules as data, and a chip against every rule by date.

- `arithmetic`: TPP and performance density from a chip's dense figures, and the October 2023
  3A090 class (`assess`, `classify`, `tpp_from_dense`);
- `rules`: which rules apply on a date, and a rule's published test evaluated over a chip's figures;
- `assess`: a chip against every rule, per reading (dense or sparse when unstated) and per period.
"""

from chipbrief.exportcontrol import arithmetic
from chipbrief.exportcontrol.arithmetic import (
    BIT_LENGTHS,
    DISCLAIMER,
    RULE_SOURCES,
    Assessment,
    classify,
    tpp_from_dense,
)
from chipbrief.exportcontrol.assess import (
    OUTCOMES,
    ChipExport,
    Outcome,
    Reading,
    RuleAssessment,
    Verdict,
    assess_chip,
    assess_rule,
    caught_by,
    readings,
)
from chipbrief.exportcontrol.rules import Metrics, in_force, periods, rules_in_force, test_words

#: The October 2023 3A090 class of a chip. Bound here because loading the submodule `assess`
#: sets the package attribute of that name to the module (import it as chipbrief.exportcontrol.assess).
assess = arithmetic.assess

__all__ = [
    "BIT_LENGTHS",
    "DISCLAIMER",
    "OUTCOMES",
    "RULE_SOURCES",
    "Assessment",
    "ChipExport",
    "Metrics",
    "Outcome",
    "Reading",
    "RuleAssessment",
    "Verdict",
    "assess",
    "assess_chip",
    "assess_rule",
    "caught_by",
    "classify",
    "in_force",
    "periods",
    "readings",
    "rules_in_force",
    "test_words",
    "tpp_from_dense",
]
