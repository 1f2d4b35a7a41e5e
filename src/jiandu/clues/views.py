"""Clue pages (being built)."""

from django.http import HttpResponse

from jiandu.core.permissions import capability_required


@capability_required("clues.view")
def clue_list(request):  # pragma: no cover - placeholder
    return HttpResponse("建设中")


clue_export = clue_create = clue_list


@capability_required("clues.view")
def clue_detail(request, pk):  # pragma: no cover - placeholder
    return HttpResponse("建设中")


@capability_required("clues.view")
def clue_action(request, pk, action):  # pragma: no cover - placeholder
    return HttpResponse("建设中")
