"""What the audit log says of the CMDB's actions, and where an item opens."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys, link_objects
from hisops.core.capabilities import Cap

describe_actions(
    {"catalog.import": _("imported the CMDB"), "catalog.export": _("exported the CMDB")}
)
describe_keys({"rows": _("rows"), "created": _("created"), "updated": _("updated")})
link_objects({"catalog.item": (Cap.CATALOG_VIEW, lambda item: f"/catalog/{item.pk}/")})
