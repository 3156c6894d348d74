"""Where a problem opens from the audit log."""

from hisops.audit.words import link_objects
from hisops.core.capabilities import Cap

link_objects({"problems.problem": (Cap.PROBLEM_VIEW, lambda p: f"/problems/{p.number}/")})
