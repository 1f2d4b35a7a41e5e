"""Print views (打印): the A4 page of a record that staff put in the paper file.

One mechanism for every record: the detail page links "打印" to ``…/print/``; that view
reads the record through the same scoped selector as the detail page (404 for another
unit's record), builds the same context, and answers :func:`print_response`, which
renders a template extending ``print/base.html`` (A4, 仿宋/宋体 font stacks with local
fallbacks, page breaks between sections, no navigation and no buttons on paper;
``static/jiandu/print.css``). A record whose detail page writes the read log writes it
for the print too (``read=``: e.g. the integrity file, a reporter's identity); the page
is never stored by the browser."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from jiandu.core.recording import record_read


def print_response(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    read: tuple[models.Model, str] | None = None,
) -> HttpResponse:
    """The print page of ``template`` with ``context``; ``read`` = (object, what) writes
    the read log as the detail page does."""
    user: Any = request.user
    page = {
        **context,
        "printing": True,
        "printed_at": timezone.localtime(),
        "printed_by": getattr(user, "full_name", "") or user.get_username(),
    }
    if read is not None:
        record_read(user=user, obj=read[0], what=read[1])
    response = render(request, template, page)
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response
