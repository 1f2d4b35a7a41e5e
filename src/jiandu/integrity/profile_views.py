"""Pages of the profiles part (精准画像): the cadre profile, its supervision notes and
the unit profile (政治生态画像). Every opening of a cadre profile is written to the read
log."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiandu.core.errors import DomainError
from jiandu.core.permissions import capability_required
from jiandu.core.recording import record_read
from jiandu.integrity import profile_selectors, profile_services
from jiandu.integrity.profile_forms import SupervisionNoteForm


@capability_required("integrity.view")
def cadre_profile(request, pk: int):
    request.nav_key = "cadres"
    cadre = profile_selectors.cadre_get_for(user=request.user, pk=pk)
    profile = profile_selectors.cadre_profile(user=request.user, cadre=cadre)
    record_read(user=request.user, obj=cadre, what="干部精准画像")
    form = None
    if request.user.has_capability("integrity.record"):
        form = SupervisionNoteForm(user=request.user, cadre=cadre)
    return render(
        request,
        "integrity/cadre_profile.html",
        {"cadre": cadre, "profile": profile, "record": profile.record, "note_form": form},
    )


@require_POST
@capability_required("integrity.record")
def cadre_note_add(request, pk: int):
    cadre = profile_selectors.cadre_get_for(user=request.user, pk=pk)
    form = SupervisionNoteForm(request.POST, user=request.user, cadre=cadre)
    if form.is_valid():
        try:
            note = profile_services.supervision_note_add(
                actor=request.user,
                cadre=cadre,
                text=form.cleaned_data["text"],
                noted_on=form.cleaned_data["noted_on"],
                corrects=form.cleaned_data["corrects"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已更正监督记录" if note.corrects_id else "已记录监督情况")
    else:
        messages.error(request, form.first_error())
    return redirect("integrity:cadre_profile", pk=cadre.pk)


@capability_required("integrity.view")
def unit_profile(request, pk: int):
    request.nav_key = "units"
    unit = profile_selectors.unit_get_for(user=request.user, pk=pk)
    profile = profile_selectors.unit_profile(user=request.user, unit=unit)
    return render(request, "integrity/unit_profile.html", {"unit": unit, "profile": profile})
