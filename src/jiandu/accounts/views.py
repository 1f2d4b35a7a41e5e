from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from jiandu.accounts import selectors, services
from jiandu.accounts.forms import UserCreateForm
from jiandu.accounts.rules import Role
from jiandu.core.errors import DomainError
from jiandu.core.pagination import paginate
from jiandu.core.permissions import capability_required


@capability_required("accounts.manage")
def user_list(request):
    request.nav_key = "users"
    page = paginate(request, selectors.user_list(user=request.user, filters=request.GET))
    return render(
        request,
        "accounts/user_list.html",
        {"page_obj": page, "roles": Role.choices, "filters": request.GET},
    )


@capability_required("accounts.manage")
def user_create(request):
    request.nav_key = "users"
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                unit=data["unit"],
                password=data["password"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, f"已创建用户 {user}")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form})
