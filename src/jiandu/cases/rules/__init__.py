"""Case rules, pure Python (no ORM): stages, documents and time limits
(``jiandu.cases.rules.stages``), compulsory measures and safety timers
(``jiandu.cases.rules.measures``), sanctions, influence periods and the four forms
(``jiandu.cases.rules.sanctions``). Sources: DOMAIN.md §4–6."""

from jiandu.cases.rules.measures import *  # noqa: F403
from jiandu.cases.rules.sanctions import *  # noqa: F403
from jiandu.cases.rules.stages import *  # noqa: F403
