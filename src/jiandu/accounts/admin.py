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


# The raw Django admin is for the system administrator's maintenance only (Django's
# superuser flag): users and the calendar are administered in jiandu itself
# (用户与角色, 节假日与调休). A staff flag alone does not open it. Its pages are in
# Chinese where Django provides the translation (LANGUAGE_CODE "zh-hans").
def _superuser_only(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]
admin.site.site_header = "监督执纪一体化平台 · 系统后台"
admin.site.site_title = "系统后台"
admin.site.index_title = "系统后台（仅限系统管理员维护使用）"
