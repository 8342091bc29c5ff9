"""The report page: programme staff queue deliverables, follow their progress and download them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cirkular.accounts.access import is_programme
from cirkular.cases.models import Round
from cirkular.reports import deliverables, services
from cirkular.reports.models import JobStatus, ReportFormat, ReportJob, ReportKind


class JobForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Deliverable"), choices=ReportKind.choices)
    round = forms.TypedChoiceField(label=gettext_lazy("Round"), coerce=int)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=[("sv", "Svenska"), ("en", "English")])
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=ReportFormat.choices)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["round"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(r.year, r.name) for r in Round.objects.order_by("-year")]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        kind, fmt = data.get("kind"), data.get("format")
        if kind and fmt:
            try:
                deliverables.check(str(kind), str(fmt))
            except deliverables.UnsupportedFormat:
                offered = ", ".join(f.upper() for f in deliverables.FORMATS[deliverables.Kind(str(kind))])
                raise forms.ValidationError(
                    _("This deliverable is offered as %(formats)s.") % {"formats": offered}
                ) from None
        return data


def _programme_only(request: HttpRequest) -> None:
    if not is_programme(request.user):
        raise PermissionDenied


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    _programme_only(request)
    current = Round.objects.filter(is_current=True).first()
    initial = {"language": (get_language() or "sv")[:2], "round": current.year if current else None}
    form = JobForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.queue_job(request.user, data["kind"], data["round"], data["language"], data["format"])
        messages.success(request, _("The report is queued."))
        return redirect("reports:jobs")
    listed = ReportJob.objects.select_related("round", "requested_by")[:50]
    running = any(j.status in (JobStatus.QUEUED, JobStatus.RUNNING) for j in listed)
    context = {
        "form": form,
        "jobs": listed,
        "worker": services.worker_configured(),
        "refresh": running,
        "offered": [
            (ReportKind(k).label, ", ".join(f.upper() for f in fmts)) for k, fmts in deliverables.FORMATS.items()
        ],
    }
    return render(request, "reports/jobs.html", context)


@login_required
@require_POST
def run_now(request: HttpRequest, job_id: int) -> HttpResponse:
    _programme_only(request)
    get_object_or_404(ReportJob, pk=job_id)
    job = services.run_now(request.user, job_id)
    if job is None:
        messages.info(request, _("The job has already been started."))
    elif job.status == JobStatus.FAILED:
        messages.error(request, _("The report could not be generated."))
    else:
        messages.success(request, _("The report is ready."))
    return redirect("reports:jobs")


@login_required
def download(request: HttpRequest, job_id: int) -> FileResponse:
    _programme_only(request)
    job = get_object_or_404(ReportJob, pk=job_id)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    name = f"{job.kind}-{job.round.year}-{job.language}{deliverables.SUFFIX[deliverables.Format(job.format)]}"
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name)
