"""The estimate form: where the lists come from (the registry or an uploaded CSV) and the
engine's options. Cleaning builds the capture table; bad input is the engine's message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.estimates.lists import Basis, Grouping, ListSpec, build_table, each_person_row
from palermo.estimates.services import WEB_BOOTSTRAP_CAP, Options
from palermo.estimation.histories import (
    MAX_FILE_BYTES,
    CaptureTable,
    HistoryFileError,
    parse_histories,
)
from palermo.linkage.forms import LinkageRunField
from palermo.linkage.models import LinkageRun
from palermo.linkage.selectors import finished_runs, identity_of

#: Uploads through the web are small tables; the CLI reads files up to the engine's limit.
MAX_UPLOAD_BYTES = min(MAX_FILE_BYTES, 5 * 1024 * 1024)

SOURCES = [("registry", _("Build the lists from the registry")),
           ("upload", _("Upload a table (CSV)"))]
METHODS = [("stepwise", _("Stepwise (Chan, Silverman & Vincent)")),
           ("bic", _("Best model by BIC")),
           ("main-effects", _("Main effects (independent lists)"))]
CI_METHODS = [("profile", _("Profile likelihood")), ("bca", _("BCa bootstrap"))]
DATE = forms.DateInput(attrs={"type": "date"})


class EstimateForm(forms.Form):
    source = forms.ChoiceField(label=_("Lists"), choices=SOURCES, initial="registry",
                               widget=forms.RadioSelect)
    grouping = forms.ChoiceField(label=_("Lists from the registry"), choices=Grouping.choices,
                                 initial=Grouping.ORGANISATION, widget=forms.RadioSelect)
    basis = forms.ChoiceField(label=_("Who is counted"), choices=Basis.choices,
                              initial=Basis.OPENED, widget=forms.RadioSelect)
    start = forms.DateField(label=_("Period from"), required=False, widget=DATE)
    end = forms.DateField(label=_("Period to"), required=False, widget=DATE)
    file = forms.FileField(
        label=_("Table to upload"), required=False,
        help_text=_("UTF-8 CSV: one row per capture history with a 0/1 column per list and a "
                    "count column, or one row per person with a 0/1 column per list."))
    method = forms.ChoiceField(label=_("Method"), choices=METHODS, initial="stepwise")
    threshold = forms.FloatField(label=_("Stepwise threshold"), initial=0.02, min_value=0,
                                 max_value=1)
    max_order = forms.IntegerField(
        label=_("Maximum order (BIC)"), required=False, min_value=1, max_value=9,
        help_text=_("Left empty: the engine's default. BIC over five lists up to order 3 "
                    "takes about 20 seconds."))
    ci = forms.ChoiceField(label=_("Interval"), choices=CI_METHODS, initial="profile",
                           widget=forms.RadioSelect)
    bootstrap = forms.IntegerField(
        label=_("Bootstrap resamples"), initial=WEB_BOOTSTRAP_CAP, min_value=10,
        max_value=WEB_BOOTSTRAP_CAP, required=False,
        help_text=_("BCa only; at most %(cap)s here (use palermo estimate for more).")
        % {"cap": WEB_BOOTSTRAP_CAP})
    seed = forms.IntegerField(label=_("Random seed"), initial=1234, min_value=0)
    linkage_run = LinkageRunField(
        label=_("Linked identities"), queryset=LinkageRun.objects.none(), required=False,
        empty_label=_("No linkage: each person record counts as a person"),
        help_text=_("Registry lists only: persons a linkage run matched across organisations "
                    "count once."))

    field_order = ["source", "grouping", "basis", "start", "end", "linkage_run"]
    table: CaptureTable | None = None
    spec: ListSpec | None = None

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["linkage_run"]
        assert isinstance(field, LinkageRunField)  # noqa: S101 - declared above
        field.queryset = finished_runs(user) if user is not None else LinkageRun.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            if data["source"] == "upload":
                self.table = self._uploaded(data.get("file"))
            else:
                start, end = data.get("start"), data.get("end")
                if start is None or end is None:
                    raise forms.ValidationError(_("Give the period: from and to."))
                if end < start:
                    raise forms.ValidationError(_("The period ends before it starts."))
                self.spec = ListSpec(data["grouping"], data["basis"], start, end)
                run = data.get("linkage_run")
                self.table = build_table(self.spec, identity=identity_of(run) if run else
                                         each_person_row)
        except HistoryFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data

    def _uploaded(self, upload: Any) -> CaptureTable:
        if upload is None:
            raise forms.ValidationError(_("Choose a CSV file to upload."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text: save it as UTF-8 CSV.")) from None
        return parse_histories(text)

    def options(self) -> Options:
        data = self.cleaned_data
        return Options(method=data["method"], threshold=data["threshold"],
                       max_order=data.get("max_order"), ci=data["ci"],
                       bootstrap=data.get("bootstrap") or WEB_BOOTSTRAP_CAP, seed=data["seed"])


class SaveForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("How reports will cite it, e.g. "
                                        "“Victims, 2024: all organisations”."))
    payload = forms.CharField(widget=forms.HiddenInput)
