from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from jiandu.accounts import rules
from jiandu.core.scoping import UnitScope

_UNSET = object()
# The scope cache's entry for the liaison closure (not a domain name).
_LIAISON_KEY = "*liaison"


class User(AbstractUser):
    """A member of staff: belongs to one unit and holds one role."""

    full_name = models.CharField("姓名", max_length=40, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField("角色", max_length=32, choices=rules.Role.choices, blank=True)
    # The head of the unit (e.g. 信访室主任): holds ``rules.HEAD_CAPABILITIES`` on top of
    # the role, such as approving identity-access requests.
    is_unit_head = models.BooleanField("本单位负责人", default=False)
    # Set when the system administrator resets the password to a one-time password: the
    # user must choose their own at the next login (``accounts.middleware``).
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def has_capability(self, capability: str) -> bool:
        """What the role table gives this user's role. Django's superuser flag grants
        nothing here: it only opens /django-admin/ (users, calendar), never domain data."""
        if not self.is_active or not self.two_factor_satisfied():
            return False
        return rules.has_capability(self.role, capability, is_head=self.is_unit_head)

    def audit_apps(self) -> frozenset[str] | None:
        """The apps whose audit events this user's role may read (None: every app)."""
        return rules.audit_apps(self.role)

    @property
    def requires_two_factor(self) -> bool:
        return rules.requires_two_factor(self.role, is_head=self.is_unit_head)

    def two_factor_satisfied(self) -> bool:
        """False for a request's user whose role requires two-factor login and whose
        session is not OTP-verified (django-otp's middleware sets ``otp_device`` on the
        request's user; a user loaded elsewhere, e.g. a background task's actor, has none
        and is judged by the role table alone). Such a session holds no capability and
        sees nothing, whatever page or API it reaches."""
        device = self.__dict__.get("otp_device", _UNSET)
        return device is not None or not self.requires_two_factor

    def unit_scope(self, domain: str) -> UnitScope:
        """What this user may see in ``domain``; computed once per user object."""
        cache = self.__dict__.setdefault("_unit_scope_cache", {})
        if domain not in cache:
            cache[domain] = self._compute_scope(domain)
        return cache[domain]

    def _compute_scope(self, domain: str) -> UnitScope:
        if not self.is_active or not self.two_factor_satisfied():
            return UnitScope.nothing()
        kind = rules.scope_kind(self.role, domain)
        if kind == rules.ALL:
            return UnitScope.everything()
        if kind == rules.LIAISON and self.unit_id:
            # The same units for every liaison-scoped domain: the closure is read once per
            # user object (a page reading several domains, like the integrity file, would
            # otherwise read the unit tree and the liaisons again for each). It is kept in
            # the scope cache, so clearing that cache recomputes it too.
            cache = self.__dict__.setdefault("_unit_scope_cache", {})
            if _LIAISON_KEY not in cache:
                from jiandu.org.selectors import unit_closure

                cache[_LIAISON_KEY] = UnitScope.units(unit_closure(self.unit_id))
            return cache[_LIAISON_KEY]
        return UnitScope.nothing()
