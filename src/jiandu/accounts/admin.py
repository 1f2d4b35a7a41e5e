from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from jiandu.accounts.models import User


@admin.register(User)
class JianduUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "unit", "role", "is_unit_head", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("单位与角色", {"fields": ("full_name", "unit", "role", "is_unit_head")}),
    )


# Two-factor devices: the administrator may see who has enrolled and reset a lost phone
# (delete), never a key or a QR code (which would let them pass anyone's TOTP step).
try:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin.site.unregister(TOTPDevice)
except admin.sites.NotRegistered:  # pragma: no cover - registration order
    pass


@admin.register(TOTPDevice)
class TOTPDeviceResetAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__full_name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
