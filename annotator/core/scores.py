"""Precision, recall and F1 from counts, shared by the evaluation reports."""

from __future__ import annotations


class PrecisionRecall:
    """Mixin for records with `tp`, `fp` (spurious) and `fn` (missed) counts.

    An empty denominator gives 1.0 (nothing predicted is never wrong; nothing to find is
    never missed); F1 is 0.0 when precision and recall are both 0.
    """

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
