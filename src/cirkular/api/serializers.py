from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cirkular.core.criteria import CriterionType, Level


class TextSerializer(serializers.Serializer[Any]):
    sv = serializers.CharField()
    en = serializers.CharField()


class CriterionKpiSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    name = TextSerializer()
    unit = TextSerializer()


class ParameterSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    label = TextSerializer()  # type: ignore[assignment]
    kind = serializers.CharField()
    default = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    minimum = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True)
    maximum = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True)


class ScoringStepSerializer(serializers.Serializer[Any]):
    when = TextSerializer()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)


class ScoringSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    maximum = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    steps = ScoringStepSerializer(many=True)


class SourceSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class CriterionSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    version = serializers.IntegerField()
    ref = serializers.CharField()
    group_id = serializers.CharField()
    type = serializers.ChoiceField(choices=[t.value for t in CriterionType])
    level = serializers.ChoiceField(choices=[lv.value for lv in Level])
    name = TextSerializer()
    text = TextSerializer()
    parameters = ParameterSerializer(many=True)
    scoring = ScoringSerializer(allow_null=True)
    r_codes = serializers.ListField(child=serializers.CharField())
    strategies = serializers.ListField(child=serializers.CharField())
    motive = TextSerializer()
    verification = TextSerializer()
    follow_up = TextSerializer()
    kpi = CriterionKpiSerializer()
    cpv = serializers.ListField(child=serializers.CharField())
    legal = TextSerializer(allow_null=True)
    sources = SourceSerializer(many=True)
    created = serializers.DateField()
    reviewed = serializers.DateField()


class CriterionHitSerializer(serializers.Serializer[Any]):
    score = serializers.FloatField()
    criterion = CriterionSerializer()


class SearchQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    group = serializers.CharField(required=False, max_length=50)
    cpv = serializers.CharField(required=False, max_length=12)
    type = serializers.ChoiceField(choices=[t.value for t in CriterionType], required=False)
    level = serializers.ChoiceField(choices=[lv.value for lv in Level], required=False)
    r = serializers.RegexField(r"^R[0-9]$", required=False)
    goal = serializers.RegexField(r"^[A-E]$", required=False)
    strategy = serializers.RegexField(r"^[A-E][0-9]{1,2}$", required=False)


class CpvSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    full = serializers.CharField()
    label = TextSerializer()  # type: ignore[assignment]


class GroupSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    code = serializers.CharField()
    name = TextSerializer()
    description = TextSerializer()
    cpv = serializers.ListField(child=serializers.CharField())
