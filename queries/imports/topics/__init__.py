"""Import kinds of the working group's other subjects, one module per subject.

Each module defines ``KINDS``: a tuple of ``columns.TopicKind`` in load order. The
generic machinery (``kinds.KINDS``, ``validate``, ``load.write_prepared``, ``dump``,
``report.REASONS``) picks them up from ``TOPIC_KINDS``; nothing else needs to know a
topic exists. Modules import ``..columns`` at the top and ``..validate``/``..load``
inside their functions only (those import this package).
"""

from __future__ import annotations

from ..columns import TopicKind
from . import centres, curators, expectations, retail, support, tenders

# curators first (the others never refer to them); expectations last
TOPIC_MODULES = (curators, retail, tenders, centres, support, expectations)

TOPIC_KINDS: dict[str, TopicKind] = {tk.kind.name: tk for m in TOPIC_MODULES
                                     for tk in m.KINDS}
