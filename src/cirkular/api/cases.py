"""The cases API: the same access rules as the web pages, every write through cases.services."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cirkular.accounts import access
from cirkular.accounts.models import Organisation
from cirkular.api.views import LocalisedAPIView
from cirkular.cases import services
from cirkular.cases.models import (
    AmbitionChoice,
    Case,
    CaseCriterion,
    DialogueEntry,
    Kpi,
    Lesson,
    Measurement,
    Priority,
)
from cirkular.cases.views import progress
from cirkular.core import impact


class OrganisationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ["id", "name", "org_number", "kind"]


class CaseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    round = serializers.IntegerField(source="round_id", allow_null=True, required=False)

    class Meta:
        model = Case
        fields = [
            "id", "title", "organisation", "round", "product_group", "cpv", "estimated_value", "procedure",
            "entry_kind", "status", "public", "current_step", "started", "advertised", "awarded",
            "contract_start", "contract_end", "outcome", "version", "last_activity_at",
        ]  # fmt: skip
        read_only_fields = ["version", "last_activity_at"]


class CaseUpdateSerializer(CaseSerializer):
    version = serializers.IntegerField(help_text="The version you read; a newer one means someone else saved first.")

    class Meta(CaseSerializer.Meta):
        read_only_fields = ["last_activity_at", "organisation"]


class AmbitionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    # explicit, so that the schema does not depend on the database's integer sizes
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.MEDIUM)

    class Meta:
        model = AmbitionChoice
        fields = ["strategy_id", "priority", "reason"]


class PinSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CaseCriterion
        fields = ["criterion_id", "version", "values"]
        read_only_fields = ["version"]


class DialogueSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = DialogueEntry
        fields = ["id", "kind", "date", "suppliers", "questions", "answers", "insights"]


class MeasurementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    off_target = serializers.BooleanField(read_only=True)

    class Meta:
        model = Measurement
        fields = ["id", "date", "value", "note", "evidence_name", "off_target"]
        read_only_fields = ["evidence_name"]


class EstimateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    central = serializers.DecimalField(max_digits=20, decimal_places=2)
    low = serializers.DecimalField(max_digits=20, decimal_places=2)
    high = serializers.DecimalField(max_digits=20, decimal_places=2)
    unit = serializers.CharField()


class ImpactSourceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField()
    url = serializers.CharField()
    year = serializers.IntegerField()


class ImpactState(StrEnum):
    COMPUTED = "computed"  # the figures are there
    PENDING = "pending"  # the mapping still needs its volume or extra years of use
    ERROR = "error"  # the measurements cannot be turned into figures (message says why)


class KpiImpactSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The figures of a mapped KPI, the same as the follow-up page and the deliverables show."""

    state = serializers.ChoiceField(choices=[s.value for s in ImpactState])
    message = serializers.CharField(help_text="Why there are no figures, in the language of the request.")
    quantity = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    quantity_unit = serializers.CharField(allow_null=True, help_text="item, kg or m2")
    co2e_avoided = EstimateSerializer(allow_null=True, help_text="kg CO2e, central with its low–high range")
    material_kept = EstimateSerializer(allow_null=True, help_text="kg of material kept in use")
    cost_difference = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        allow_null=True,
        help_text="SEK, (new − circular price) × quantity; positive means the circular choice cost less. "
        "Null when the KPI has no prices.",
    )
    sources = ImpactSourceSerializer(many=True)


def _estimate(est: impact.Estimate) -> dict[str, Any]:
    return {"central": est.central, "low": est.low, "high": est.high, "unit": est.unit}


class KpiSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    measurements = MeasurementSerializer(many=True, read_only=True)
    impact = serializers.SerializerMethodField()

    class Meta:
        model = Kpi
        fields = [
            "id", "criterion_id", "kpi_id", "name", "unit", "target", "direction", "frequency", "measurements",
            *services.IMPACT_FIELDS, "impact",
        ]  # fmt: skip
        read_only_fields = services.IMPACT_FIELDS

    @extend_schema_field(KpiImpactSerializer(allow_null=True))
    def get_impact(self, kpi: Kpi) -> dict[str, Any] | None:
        """Null when the KPI has no impact mapping."""
        found = services.kpi_impact(kpi)
        if found is None:
            return None
        data: dict[str, Any]
        empty = {"quantity": None, "quantity_unit": None, "co2e_avoided": None, "material_kept": None}
        if found.result is None:
            state = ImpactState.PENDING if found.pending else ImpactState.ERROR
            message = services.impact_message(found.error, kpi)  # type: ignore[arg-type]
            data = {"state": state, "message": message, **empty, "cost_difference": None, "sources": []}
        else:
            result = found.result
            data = {
                "state": ImpactState.COMPUTED,
                "message": "",
                "quantity": result.measurement.quantity,
                "quantity_unit": result.factor.quantity_unit.value,
                "co2e_avoided": _estimate(result.co2e_avoided),
                "material_kept": _estimate(result.material_kept),
                "cost_difference": result.cost_difference,
                "sources": [{"title": c.title, "url": c.url, "year": c.year} for c in result.co2e_avoided.sources],
            }
        return dict(KpiImpactSerializer(data).data)


class LessonSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Lesson
        fields = ["what_worked", "barriers", "success_factors", "tools_helped", "recommend"]


class TickSerializer(serializers.Serializer):  # type: ignore[type-arg]
    item = serializers.CharField(max_length=80)
    done = serializers.BooleanField()


def _call(fn: Any, *args: Any) -> Any:
    """Run a service, turning its errors into API errors."""
    try:
        return fn(*args)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
    except KeyError as exc:
        raise ValidationError(_("Unknown id: %(id)s") % {"id": exc.args[0]}) from exc


class OrganisationViewSet(LocalisedAPIView, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = OrganisationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> Any:
        if access.is_programme(self.request.user):
            return Organisation.objects.all()
        return Organisation.objects.filter(id__in=access.organisation_ids(self.request.user, write=False))


class CaseViewSet(LocalisedAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Procurement cases. Anonymous callers see public cases only, without personal data."""

    serializer_class = CaseSerializer

    def get_queryset(self) -> Any:
        return access.visible_cases(self.request.user).select_related("organisation")

    def _case(self, private: bool = False, edit: bool = False) -> Case:
        case: Case = self.get_object()
        if private and not access.can_view_private(self.request.user, case):
            raise NotFound
        if edit and not access.can_edit(self.request.user, case):
            raise PermissionDenied(_("You may not change this procurement."))
        return case

    def create(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Log in to create a procurement."))
        s = CaseSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        organisation = data.pop("organisation")
        case = _call(services.create_case, request.user, organisation, data, [request.user])
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseUpdateSerializer, responses=CaseSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        case = self._case(private=True, edit=True)
        s = CaseUpdateSerializer(case, data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        expected = data.pop("version", None)
        if expected is None:
            raise ValidationError({"version": [_("Send the version you read.")]})
        try:
            saved = _call(services.update_case, request.user, case, data, expected)
        except services.ConflictError as exc:
            return Response(
                {
                    "detail": _("%(who)s saved this procurement first. Read it again and reapply your change.")
                    % {"who": exc.by},
                    "current": exc.current,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(CaseSerializer(saved).data)

    @extend_schema(request=TickSerializer, responses={200: dict})
    @action(detail=True, methods=["get", "post"])
    def steps(self, request: Request, pk: str | None = None) -> Response:
        case = self._case(private=True, edit=request.method == "POST")
        if request.method == "POST":
            s = TickSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            _call(services.tick, request.user, case, s.validated_data["item"], s.validated_data["done"])
        done = {t.item_id: t for t in case.ticks.all()}
        return Response(
            {
                "current_step": case.current_step,
                "steps": [
                    {
                        "id": s["step"].id,
                        "phase": p["phase"].id,
                        "state": s["state"],
                        "checklist": [
                            {"id": i.id, "done": i.id in done, "done_at": done[i.id].done_at if i.id in done else None}
                            for i in s["step"].checklist
                        ],
                    }
                    for p in progress(case)
                    for s in p["steps"]
                ],
            }
        )

    @extend_schema(request=AmbitionSerializer, responses=AmbitionSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def ambitions(self, request: Request, pk: str | None = None) -> Response:
        case = self._case(edit=request.method == "POST")
        if request.method == "POST":
            s = AmbitionSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            d = s.validated_data
            _call(
                services.set_ambition, request.user, case, d["strategy_id"], d.get("priority", 2), d.get("reason", "")
            )
        return Response(AmbitionSerializer(case.ambitions.all(), many=True).data)

    @extend_schema(request=PinSerializer, responses=PinSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def basket(self, request: Request, pk: str | None = None) -> Response:
        case = self._case(edit=request.method == "POST")
        if request.method == "POST":
            s = PinSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            _call(
                services.add_criterion,
                request.user,
                case,
                s.validated_data["criterion_id"],
                s.validated_data.get("values"),
            )
        return Response(PinSerializer(case.criteria.all(), many=True).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"basket/(?P<criterion_id>[A-Z0-9-]+)")
    def basket_remove(self, request: Request, pk: str | None = None, criterion_id: str = "") -> Response:
        case = self._case(edit=True)
        _call(services.remove_criterion, request.user, case, criterion_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=DialogueSerializer, responses=DialogueSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def dialogue(self, request: Request, pk: str | None = None) -> Response:
        case = self._case(private=True, edit=request.method == "POST")
        if request.method == "POST":
            s = DialogueSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            _call(services.add_dialogue, request.user, case, s.validated_data)
        return Response(DialogueSerializer(case.dialogue.all(), many=True).data)

    @extend_schema(request=KpiSerializer, responses=KpiSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def kpis(self, request: Request, pk: str | None = None) -> Response:
        case = self._case(private=True, edit=request.method == "POST")
        if request.method == "POST":
            s = KpiSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            _call(services.add_kpi, request.user, case, s.validated_data)
        return Response(KpiSerializer(case.kpis.prefetch_related("measurements"), many=True).data)

    @extend_schema(request=MeasurementSerializer, responses=MeasurementSerializer)
    @action(detail=True, methods=["post"], url_path=r"kpis/(?P<kpi_pk>[0-9]+)/measurements")
    def measurements(self, request: Request, pk: str | None = None, kpi_pk: str = "") -> Response:
        case = self._case(private=True, edit=True)
        kpi = get_object_or_404(Kpi, pk=kpi_pk, case=case)
        s = MeasurementSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        m = _call(services.add_measurement, request.user, kpi, s.validated_data)
        return Response(MeasurementSerializer(m).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LessonSerializer, responses=LessonSerializer)
    @action(detail=True, methods=["get", "put"])
    def lesson(self, request: Request, pk: str | None = None) -> Response:
        case = self._case(private=True, edit=request.method == "PUT")
        if request.method == "PUT":
            s = LessonSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            _call(services.save_lesson, request.user, case, s.validated_data)
        lesson = getattr(case, "lesson", None) if Lesson.objects.filter(case=case).exists() else None
        return Response(LessonSerializer(lesson).data if lesson else {})
