"""The integrity file (廉政档案) of a cadre: the page, its Excel export and its printable
A4 page. Each opening is written to the read log (who read whose file, and how)."""

from __future__ import annotations

from django.shortcuts import render

from jiandu.core.downloads import xlsx_response
from jiandu.core.permissions import capability_required
from jiandu.core.printing import print_response
from jiandu.core.recording import record_read
from jiandu.integrity import exports, selectors


@capability_required("integrity.view")
def cadre_file(request, pk: int):
    request.nav_key = "cadres"
    cadre = selectors.file_get_for(user=request.user, pk=pk)
    context = selectors.cadre_file(user=request.user, cadre=cadre)
    record_read(user=request.user, obj=cadre, what="廉政档案")
    return render(request, "integrity/cadre_file.html", context)


@capability_required("integrity.view")
def cadre_file_print(request, pk: int):
    cadre = selectors.file_get_for(user=request.user, pk=pk)
    context = selectors.cadre_file(user=request.user, cadre=cadre)
    return print_response(
        request, "integrity/cadre_file_print.html", context, read=(cadre, "廉政档案（打印）")
    )


@capability_required("integrity.export")
def cadre_file_export(request, pk: int):
    cadre = selectors.file_get_for(user=request.user, pk=pk)
    context = selectors.cadre_file(user=request.user, cadre=cadre)
    content = exports.cadre_file_xlsx(context)
    record_read(user=request.user, obj=cadre, what="廉政档案（导出）")
    return xlsx_response(content, f"廉政档案-{cadre.name}-{context['on']:%Y%m%d}.xlsx")
