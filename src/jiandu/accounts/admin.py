from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from jiandu.accounts.models import User


@admin.register(User)
class JianduUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "unit", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("单位与角色", {"fields": ("full_name", "unit", "role")}))
