"""
The overdue-referral banner on every staff page: emergencies with no referral recorded past the
escalation window, for signed-in staff who may see intakes. One query, and only when the page
draws the banner (the value is lazy).
"""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from intake.models import Intake

# The banner names this many intakes, then says how many more there are not.
BANNER_LIMIT = 5


def overdue_referrals(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("intake.view_intake"):
        return {}
    return {"overdue_referrals": SimpleLazyObject(lambda: OverdueReferrals(timezone.now()))}


class OverdueReferrals:
    """The longest-waiting overdue emergencies, each with its minutes waited, read in one query."""

    def __init__(self, now):
        rows = list(Intake.objects.referral_overdue(now=now).values_list("pk", "created_at")[: BANNER_LIMIT + 1])
        self.more = len(rows) > BANNER_LIMIT
        self.waiting = [
            {
                "short_id": str(pk)[:8],
                "url": Intake(pk=pk).get_referral_url(),
                "minutes": int((now - created_at).total_seconds() // 60),
            }
            for pk, created_at in rows[:BANNER_LIMIT]
        ]

    def __bool__(self):
        return bool(self.waiting)
