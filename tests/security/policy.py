"""The declared access policy: for every page route (by URL name) and every API operation (by
method and path), what each persona of DESIGN.md gets when it asks for organisation A's records.

Columns, in order: anonymous, caseworker, lawyer, intake_officer, org_admin (all of A), outsider
(caseworker of B), admin_b (org admin of B), coordinator, analyst (of the coordination body).
Outcomes: see ``policy_types.OUTCOMES``.
"""

from __future__ import annotations

from tests.security.policy_types import Rule, rule

#: The record kind a URL kwarg names, unless a rule says otherwise.
KWARG_KINDS = {
    "pk": "case", "case_id": "case", "person_id": "person", "event_pk": "event",
    "perpetrator_pk": "perpetrator", "note_pk": "note", "attachment_pk": "attachment",
    "screening_pk": "screening", "consent_pk": "consent", "consent_id": "consent",
    "service_id": "service", "referral_id": "referral", "notification_id": "notification",
    "complaint_id": "complaint", "file_pk": "complaint_file", "estimate_id": "estimate",
    "slug": "scenario", "section": "section", "measure": "measure", "article": "article",
    "unknown": "unknown", "pair_pk": "pair", "fmt": "csv_format",
}

#: Kinds of record that belong to organisation A alone (the directory of services, facilities,
#: training scenarios and official figures are shared by every member organisation).
PRIVATE_KINDS = {"case", "person", "event", "perpetrator", "note", "attachment", "screening",
                 "investigation", "prosecution", "hearing", "defendant", "proceeding",
                 "consent", "referral", "notification", "complaint", "complaint_file",
                 "estimate", "attempt", "user", "submission", "submission_issue", "problem",
                 "submission_figure", "duplicate"}

#: Routes whose kwargs name other kinds than ``KWARG_KINDS`` says.
_COMPLAINT = {"pk": "complaint"}
_PROSECUTION = {"record_pk": "prosecution"}
_INDICATOR = {"pk": "indicator"}
_PLAN = {"pk": "plan"}
_COURSE = {"pk": "course"}
_SESSION = {"pk": "course", "session_pk": "training_session"}
_SUBMISSION = {"pk": "submission"}
_RECOMMENDATION = {"pk": "recommendation"}
_RUN = {"pk": "run"}
ROUTE_KINDS: dict[str, dict[str, str]] = {
    "cases:person_edit": {"pk": "person"},
    "justice:investigation_edit": {"record_pk": "investigation"},
    "justice:investigation_delete": {"record_pk": "investigation"},
    "justice:prosecution_detail": _PROSECUTION,
    "justice:prosecution_edit": _PROSECUTION,
    "justice:prosecution_delete": _PROSECUTION,
    "justice:hearing_delete": {**_PROSECUTION, "child_pk": "hearing"},
    "justice:defendant_delete": {**_PROSECUTION, "child_pk": "defendant"},
    "justice:proceeding_edit": {"record_pk": "proceeding"},
    "justice:proceeding_delete": {"record_pk": "proceeding"},
    "referrals:referral_detail": {"pk": "referral"},
    "referrals:referral_transition": {"pk": "referral"},
    "referrals:service_detail": {"pk": "service"},
    "referrals:service_edit": {"pk": "service"},
    "referrals:service_places": {"pk": "service"},
    "accounts:user_edit": {"pk": "user"},
    "accounts:user_set_password": {"pk": "user"},
    "accounts:user_reset_two_factor": {"pk": "user"},
    "training:attempt_detail": {"pk": "attempt"},
    "complaints:detail": _COMPLAINT,
    "complaints:assign": _COMPLAINT,
    "complaints:triage": _COMPLAINT,
    "complaints:reply": _COMPLAINT,
    "complaints:merge": _COMPLAINT,
    "complaints:spam": _COMPLAINT,
    "complaints:convert": _COMPLAINT,
    "complaints:download": _COMPLAINT,
    "complaints:facility_detail": {"pk": "facility"},
    "complaints:facility_edit": {"pk": "facility"},
    "estimates:detail": {"pk": "estimate"},
    "monitoring:indicator_detail": _INDICATOR,
    "monitoring:indicator_edit": _INDICATOR,
    "monitoring:indicator_csv": _INDICATOR,
    "monitoring:value_create": _INDICATOR,
    "monitoring:value_edit": {**_INDICATOR, "value_pk": "indicator_value"},
    "monitoring:value_delete": {**_INDICATOR, "value_pk": "indicator_value"},
    "monitoring:plan_detail": _PLAN,
    "monitoring:plan_edit": _PLAN,
    "monitoring:objective_create": _PLAN,
    "monitoring:objective_edit": {**_PLAN, "objective_pk": "objective"},
    "monitoring:action_create": {**_PLAN, "objective_pk": "objective"},
    "monitoring:action_edit": {**_PLAN, "action_pk": "action"},
    "monitoring:target_create": {**_PLAN, "action_pk": "action"},
    "monitoring:progress_create": {**_PLAN, "action_pk": "action"},
    "monitoring:course_detail": _COURSE,
    "monitoring:course_edit": _COURSE,
    "monitoring:session_create": _COURSE,
    "monitoring:session_detail": _SESSION,
    "monitoring:session_edit": _SESSION,
    "monitoring:attendee_entry": _SESSION,
    "monitoring:attendee_import": _SESSION,
    "monitoring:attendee_delete": {**_SESSION, "attendee_pk": "attendee"},
    "reports:submission": _SUBMISSION,
    "reports:delete": _SUBMISSION,
    "reports:preview": _SUBMISSION,
    "reports:download_pptx": _SUBMISSION,
    "reports:download_pdf": _SUBMISSION,
    "reports:download_md": _SUBMISSION,
    "reports:issue_create": _SUBMISSION,
    "reports:issue": {**_SUBMISSION, "issue_pk": "submission_issue"},
    "reports:issue_move": {**_SUBMISSION, "issue_pk": "submission_issue"},
    "reports:issue_delete": {**_SUBMISSION, "issue_pk": "submission_issue"},
    "reports:problem_create": {**_SUBMISSION, "issue_pk": "submission_issue"},
    "reports:problem": {**_SUBMISSION, "problem_pk": "problem"},
    "reports:problem_move": {**_SUBMISSION, "problem_pk": "problem"},
    "reports:problem_delete": {**_SUBMISSION, "problem_pk": "problem"},
    "reports:figure_add": {**_SUBMISSION, "problem_pk": "problem"},
    "reports:figure_delete": {**_SUBMISSION, "figure_pk": "submission_figure"},
    "monitoring:recommendation_detail": _RECOMMENDATION,
    "monitoring:recommendation_edit": _RECOMMENDATION,
    "monitoring:assessment_create": _RECOMMENDATION,
    "monitoring:recommendation_cluster": _RECOMMENDATION,
    "public_monitoring:recommendation_detail": _RECOMMENDATION,
    "linkage:run_detail": _RUN,
    "linkage:run_status": _RUN,
    "linkage:review": _RUN,
    "linkage:decide": _RUN,
    "linkage:merge": {"pk": "duplicate"},
    "linkage:dismiss": {"pk": "duplicate"},
}

#: Personas that may read organisation A's person's identity (names, documents, narrative).
IDENTITY_READERS = {"caseworker", "lawyer"}
#: Personas that may read the text of a complaint A received.
COMPLAINT_READERS = {"intake_officer"}

# Rows that many routes share, named for what they mean. A stranger to a record gets 404 where
# the record is looked up first; a role that may do nothing on the route is refused with 403
# before any record is looked up (so the 403 says nothing about whether the record exists: the
# sweep checks that a missing id gets the same answer).

#: A page about one of A's cases: A's editors; the rest of A refused by role; B's caseworker and
#: the coordinator (the case is not shared with them) get 404; other roles 403 by role.
CASE_RECORD = "login 200 200 403 403 404 403 404 403"
#: The same for a form that only takes POST (a GET is 405 for whoever may reach it).
CASE_RECORD_POST_ONLY = "login 405 405 403 403 404 403 404 403"
#: A page about the user's own organisation's records (lists, new records, imports): editors
#: of any organisation, each seeing only their own.
EDITORS_OWN_ORG = "login 200 200 403 403 200 403 200 403"
#: Aggregates: each organisation's editors see their own; the coordination body sees all.
OWN_AGGREGATES = "login 200 200 403 403 200 403 200 200"
#: Pages of the coordination body (coordinator and analyst) only.
COORDINATION_BODY = "login 403 403 403 403 403 403 200 200"
SIGNED_IN = "login 200 200 200 200 200 200 200 200"
SIGNED_IN_POST_ONLY = "login 405 405 405 405 405 405 405 405"
#: A submission: a draft of organisation A, for the roles that edit monitoring data (lawyer, org
#: admin); looked up first, so another organisation gets 404 whatever its role.
SUBMISSION_DRAFT = "login 403 200 403 200 404 404 404 404"
SUBMISSION_DRAFT_POST = "login 403 ok 403 ok 404 404 404 404"
PUBLIC = "200 200 200 200 200 200 200 200 200"
POST_ONLY = "405 405 405 405 405 405 405 405 405"
#: The complaint queue: intake officers of the receiving organisation and the coordinator.
TRIAGE = "login 403 403 200 403 403 403 200 403"
#: One complaint A received: A's intake officer; the rest of A refused by role; strangers 404.
COMPLAINT_RECORD = "login 403 403 200 403 404 404 404 404"
#: Complaint statistics (no texts): intake, coordinator, analyst.
COMPLAINT_AGGREGATES = "login 403 403 200 403 403 403 200 200"
API_CASE_RECORD = "401 200 200 404 404 404 404 404 404"
#: A write on one of A's cases with an empty body: the record is looked up before the body is
#: validated, so strangers get 404 and never a validation message.
API_CASE_RECORD_WRITE = "401 422 422 404 404 404 404 404 404"
#: Consents and referrals of A: A's editors; roles that may not share refused by role.
API_SHARING_RECORD = "401 200 200 403 403 404 403 404 403"
#: An action only the receiving organisation may take on A's referral.
API_RECEIVER_ACTION = "401 403 403 403 403 404 403 404 403"
API_EDITORS_OWN_ORG = "401 200 200 403 403 200 403 200 403"
API_SIGNED_IN = "401 200 200 200 200 200 200 200 200"
#: A create with an empty body: the schema is checked before the role (no record is named).
API_BODY_VALIDATED_FIRST = "401 422 422 422 422 422 422 422 422"
API_COMPLAINT_RECORD = "401 403 403 200 403 404 404 404 404"

PAGES: dict[str, Rule] = {
    #             anon  cw    law   intk  adm   out   admB  coord anal
    "accounts:login":
        rule("200   302   302   302   302   302   302   302   302"),
    "accounts:logout":
        rule(POST_ONLY,
             "login login login login login login login login login"),
    "accounts:logout_everywhere":
        rule(SIGNED_IN_POST_ONLY,
             "login login login login login login login login login"),
    "accounts:recovery_codes":
        rule(SIGNED_IN_POST_ONLY,
             "login 302   302   302   302   302   302   302   302"),
    "accounts:security":
        rule(SIGNED_IN),
    "accounts:setup":
        rule(SIGNED_IN),
    "accounts:user_create":
        rule("login 403   403   403   200   403   200   403   403"),
    "accounts:user_edit":
        rule("login 403   403   403   200   403   404   403   403"),
    "accounts:user_list":
        rule("login 403   403   403   200   403   200   403   403"),
    "accounts:user_reset_two_factor":
        rule("login 403   403   403   405   403   405   403   403",
             "login 403   403   403   302   403   404   403   403"),
    "accounts:user_set_password":
        rule("login 403   403   403   405   403   405   403   403",
             "login 403   403   403   400   403   404   403   403"),
    "accounts:verify":
        rule("login 302   302   302   302   302   302   302   302"),
    "analytics:csv_age":
        rule(OWN_AGGREGATES),
    "analytics:csv_assistance":
        rule(OWN_AGGREGATES),
    "analytics:csv_case-types":
        rule(OWN_AGGREGATES),
    "analytics:csv_citizenship":
        rule(OWN_AGGREGATES),
    "analytics:csv_decisions":
        rule(OWN_AGGREGATES),
    "analytics:csv_exploitation":
        rule(OWN_AGGREGATES),
    "analytics:csv_funnel":
        rule(OWN_AGGREGATES),
    "analytics:csv_industries":
        rule(OWN_AGGREGATES),
    "analytics:csv_referrals":
        rule(OWN_AGGREGATES),
    "analytics:csv_regions":
        rule(OWN_AGGREGATES),
    "analytics:csv_sex":
        rule(OWN_AGGREGATES),
    "analytics:dashboard":
        rule(OWN_AGGREGATES),
    "analytics_exports:ctdc_zip":
        rule(COORDINATION_BODY),
    "analytics_exports:glotip_csv":
        rule(COORDINATION_BODY),
    "analytics_exports:page":
        rule(COORDINATION_BODY),
    "api:api-root":
        rule("404   404   404   404   404   404   404   404   404"),
    "api:api-unknown":
        rule("404   404   404   404   404   404   404   404   404"),
    "api:openapi-json":
        rule(PUBLIC),
    "cases:attachment_download":
        rule(CASE_RECORD),
    "cases:attachment_upload":
        rule(CASE_RECORD_POST_ONLY,
             "login 400   400   403   403   404   403   404   403"),
    "cases:case_attachments":
        rule(CASE_RECORD),
    "cases:case_create":
        rule(EDITORS_OWN_ORG),
    "cases:case_detail":
        rule(CASE_RECORD),
    "cases:case_edit":
        rule(CASE_RECORD),
    "cases:case_events":
        rule(CASE_RECORD),
    "cases:case_history":
        rule(CASE_RECORD),
    "cases:case_identity":
        rule(CASE_RECORD_POST_ONLY,
             CASE_RECORD),
    "cases:case_list":
        rule(EDITORS_OWN_ORG),
    "cases:case_notes":
        rule(CASE_RECORD),
    "cases:case_perpetrators":
        rule(CASE_RECORD),
    "cases:case_persons":
        rule(CASE_RECORD),
    "cases:event_delete":
        rule(CASE_RECORD),
    "cases:event_edit":
        rule(CASE_RECORD),
    "cases:note_delete":
        rule("login 200   403   403   403   404   403   404   403"),
    "cases:note_edit":
        rule("login 200   403   403   403   404   403   404   403"),
    "cases:perpetrator_delete":
        rule(CASE_RECORD),
    "cases:perpetrator_edit":
        rule(CASE_RECORD),
    "cases:person_create":
        rule(EDITORS_OWN_ORG),
    "cases:person_edit":
        rule(CASE_RECORD),
    "complaints:assign":
        rule(SIGNED_IN_POST_ONLY,
             "login 403   403   302   403   404   404   404   404"),
    "complaints:convert":
        rule(COMPLAINT_RECORD),
    "complaints:dashboard":
        rule(COMPLAINT_AGGREGATES),
    "complaints:dashboard_csv":
        rule(COMPLAINT_AGGREGATES),
    "complaints:detail":
        rule(COMPLAINT_RECORD),
    "complaints:download":
        rule(COMPLAINT_RECORD),
    "complaints:facility_create":
        rule(TRIAGE),
    "complaints:facility_detail":
        rule(COMPLAINT_AGGREGATES),
    "complaints:facility_edit":
        rule(TRIAGE),
    "complaints:facility_import":
        rule(TRIAGE),
    "complaints:facility_list":
        rule(COMPLAINT_AGGREGATES),
    "complaints:merge":
        rule(SIGNED_IN_POST_ONLY,
             "login 403   403   400   403   404   404   404   404"),
    "complaints:queue":
        rule(TRIAGE),
    "complaints:reply":
        rule(SIGNED_IN_POST_ONLY,
             "login 403   403   400   403   404   404   404   404"),
    "complaints:spam":
        rule(SIGNED_IN_POST_ONLY,
             "login 403   403   302   403   404   404   404   404"),
    "complaints:triage":
        rule(SIGNED_IN_POST_ONLY,
             "login 403   403   400   403   404   404   404   404"),
    "coordination:csv_assistance":
        rule(COORDINATION_BODY),
    "coordination:csv_declined":
        rule(COORDINATION_BODY),
    "coordination:csv_open":
        rule(COORDINATION_BODY),
    "coordination:csv_unmet":
        rule(COORDINATION_BODY),
    "coordination:overview":
        rule(COORDINATION_BODY),
    "coordination:reflection":
        rule(COORDINATION_BODY),
    "core:home":
        rule(SIGNED_IN),
    "estimates:detail":
        rule("login 403   403   403   403   403   403   404   404"),
    "estimates:index":
        rule(COORDINATION_BODY),
    "estimates:save":
        rule(POST_ONLY,
             "login 403   403   403   403   403   403   302   302"),
    "justice:defendant_delete":
        rule(CASE_RECORD_POST_ONLY,
             "login 302   302   403   403   404   403   404   403"),
    "justice:hearing_delete":
        rule(CASE_RECORD_POST_ONLY,
             "login 302   302   403   403   404   403   404   403"),
    "justice:investigation_create":
        rule(CASE_RECORD),
    "justice:investigation_delete":
        rule(CASE_RECORD_POST_ONLY,
             "login 302   302   403   403   404   403   404   403"),
    "justice:investigation_edit":
        rule(CASE_RECORD),
    "justice:justice_tab":
        rule(CASE_RECORD),
    "justice:proceeding_create":
        rule(CASE_RECORD),
    "justice:proceeding_delete":
        rule(CASE_RECORD_POST_ONLY,
             "login 302   302   403   403   404   403   404   403"),
    "justice:proceeding_edit":
        rule(CASE_RECORD),
    "justice:prosecution_create":
        rule(CASE_RECORD),
    "justice:prosecution_delete":
        rule(CASE_RECORD_POST_ONLY,
             "login 302   302   403   403   404   403   404   403"),
    "justice:prosecution_detail":
        rule(CASE_RECORD),
    "justice:prosecution_edit":
        rule(CASE_RECORD),
    "official:figure_create":
        rule("login 403   403   403   403   403   403   200   403"),
    "official:figure_import":
        rule("login 403   403   403   403   403   403   200   403"),
    "monitoring:action_create":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:action_edit":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:attendee_delete":
        rule(SIGNED_IN_POST_ONLY,
             "login 403   302   403   302   404   404   404   404"),
    "monitoring:attendee_entry":
        rule(SIGNED_IN_POST_ONLY,
             "login 403   ok    403   ok    404   404   404   404"),
    "monitoring:attendee_import":
        rule(SIGNED_IN_POST_ONLY,
             "login 403   ok    403   ok    404   404   404   404"),
    "monitoring:course_create":
        rule("login 403   200   403   200   403   200   200   200"),
    "monitoring:course_detail":
        rule(SIGNED_IN),
    "monitoring:course_edit":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:course_list":
        rule(SIGNED_IN),
    "monitoring:indicator_create":
        rule("login 403   200   403   200   403   200   200   200"),
    "monitoring:indicator_csv":
        rule(SIGNED_IN),
    "monitoring:indicator_detail":
        rule(SIGNED_IN),
    "monitoring:indicator_edit":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:indicator_list":
        rule(SIGNED_IN),
    "monitoring:objective_create":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:objective_edit":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:plan_create":
        rule("login 403   200   403   200   403   200   200   200"),
    "monitoring:plan_detail":
        rule(SIGNED_IN),
    "monitoring:plan_edit":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:plan_list":
        rule(SIGNED_IN),
    "monitoring:plan_overdue":
        rule(SIGNED_IN),
    "monitoring:progress_create":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:session_create":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:session_detail":
        rule(SIGNED_IN),
    "monitoring:session_edit":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:target_create":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:training_statistics":
        rule(SIGNED_IN),
    "monitoring:training_statistics_csv":
        rule(SIGNED_IN),
    "monitoring:value_create":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:value_delete":
        rule(SIGNED_IN_POST_ONLY,
             "login 403   302   403   302   404   404   404   404"),
    "monitoring:value_edit":
        rule("login 403   200   403   200   404   404   404   404"),
    "official:index":
        rule(SIGNED_IN),
    "official:indicator":
        rule(SIGNED_IN),
    "official:indicator_create":
        rule("login 403   403   403   403   403   403   200   403"),
    "referrals:case_referrals":
        rule(CASE_RECORD),
    "referrals:consent_create":
        rule(CASE_RECORD),
    "referrals:consent_withdraw":
        rule(CASE_RECORD),
    "referrals:notification_list":
        rule(EDITORS_OWN_ORG),
    "referrals:notification_read":
        rule("login 405   405   403   403   405   403   405   403",
             "login 302   302   403   403   302   403   302   403"),
    "referrals:referral_create":
        rule(CASE_RECORD),
    "referrals:referral_detail":
        rule(CASE_RECORD),
    "referrals:referral_list":
        rule(EDITORS_OWN_ORG),
    "referrals:referral_transition":
        rule(CASE_RECORD_POST_ONLY,
             "login 302   302   403   403   404   403   404   403"),
    "referrals:service_create":
        rule("login 200   200   403   200   200   200   200   403"),
    "referrals:service_detail":
        rule(SIGNED_IN),
    "referrals:service_edit":
        rule("login 200   200   404   200   404   404   404   404"),
    "referrals:service_list":
        rule(SIGNED_IN),
    "referrals:service_places":
        rule(SIGNED_IN_POST_ONLY,
             "login 302   302   404   302   404   404   404   404"),
    "referrals_assistance:case_assistance":
        rule(CASE_RECORD),
    "referrals_assistance:support_plan_edit":
        rule(CASE_RECORD),
    "report:add_information":
        rule(POST_ONLY,
             PUBLIC),
    "report:follow_up":
        rule(PUBLIC),
    "report:form_conscientious_objection":
        rule(PUBLIC),
    "report:form_forced_labour":
        rule(PUBLIC),
    "report:form_military_recruitment":
        rule(PUBLIC),
    "report:form_other":
        rule(PUBLIC),
    "report:form_prison_labour":
        rule(PUBLIC),
    "report:start":
        rule(PUBLIC),
    "report:what_we_keep":
        rule(PUBLIC),
    "reports:create":
        rule("login 403   200   403   200   403   200   200   200"),
    "reports:delete":
        rule(POST_ONLY, SUBMISSION_DRAFT_POST),
    "reports:download_md":
        rule(SUBMISSION_DRAFT),
    "reports:download_pdf":
        rule(SUBMISSION_DRAFT),
    "reports:download_pptx":
        rule(SUBMISSION_DRAFT),
    "reports:figure_add":
        rule(POST_ONLY, SUBMISSION_DRAFT_POST),
    "reports:figure_delete":
        rule(POST_ONLY, SUBMISSION_DRAFT_POST),
    "reports:issue":
        rule(SUBMISSION_DRAFT),
    "reports:issue_create":
        rule(SUBMISSION_DRAFT),
    "reports:issue_delete":
        rule(POST_ONLY, SUBMISSION_DRAFT_POST),
    "reports:issue_move":
        rule(POST_ONLY, SUBMISSION_DRAFT_POST),
    "reports:list":
        rule("login 403   200   403   200   403   200   200   200"),
    "reports:preview":
        rule(SUBMISSION_DRAFT),
    "reports:problem":
        rule(SUBMISSION_DRAFT),
    "reports:problem_create":
        rule(SUBMISSION_DRAFT),
    "reports:problem_delete":
        rule(POST_ONLY, SUBMISSION_DRAFT_POST),
    "reports:problem_move":
        rule(POST_ONLY, SUBMISSION_DRAFT_POST),
    "reports:submission":
        rule(SUBMISSION_DRAFT),
    "screening:decision_create":
        rule("login 403   200   403   403   404   403   404   403"),
    "screening:screening_create":
        rule(CASE_RECORD),
    "screening:screening_detail":
        rule(CASE_RECORD),
    "screening:screening_edit":
        rule(CASE_RECORD),
    "screening:screening_list":
        rule(CASE_RECORD),
    "set_language":
        rule("302   302   302   302   302   302   302   302   302"),
    "training:attempt_detail":
        rule("login 200   404   404   404   404   404   404   404"),
    "training:my_training":
        rule(SIGNED_IN),
    "training:scenario_attempt":
        rule(SIGNED_IN),
    "training:scenario_list":
        rule(SIGNED_IN),
    "training:statistics":
        rule(COORDINATION_BODY),
    "transfer:export_csv":
        rule(EDITORS_OWN_ORG),
    "transfer:export_xlsx":
        rule(EDITORS_OWN_ORG),
    "transfer:import":
        rule(EDITORS_OWN_ORG),
    "whatif:cases":
        rule("login 400   400   403   403   400   403   400   403"),
    "whatif:table":
        rule(EDITORS_OWN_ORG),
    # Linkage: the coordination body runs and reviews it (ids only, never names: the sweep's
    # identity check covers these pages); each organisation's editors handle their own
    # possible duplicates. Recommendations: read by all staff, written by the roles that
    # monitor (lawyer, admins, coordination body), changed only by their organisation.
    # The public recommendation pages are off unless PALERMO_PUBLIC_MONITORING is set.
    "linkage:decide":
        rule(POST_ONLY,
             "login 403   403   403   403   403   403   302   302"),
    "linkage:dismiss":
        rule(POST_ONLY,
             "login 302   302   403   403   404   403   404   403"),
    "linkage:duplicates":
        rule(EDITORS_OWN_ORG),
    "linkage:index":
        rule(COORDINATION_BODY),
    "linkage:merge":
        rule(POST_ONLY,
             "login 302   302   403   403   404   403   404   403"),
    "linkage:review":
        rule(COORDINATION_BODY),
    "linkage:run_detail":
        rule(COORDINATION_BODY),
    "linkage:run_status":
        rule(COORDINATION_BODY),
    "monitoring:assessment_create":
        rule("login 403   200   403   200   403   200   200   200"),
    "monitoring:recommendation_cluster":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:recommendation_create":
        rule("login 403   200   403   200   403   200   200   200"),
    "monitoring:recommendation_detail":
        rule(SIGNED_IN),
    "monitoring:recommendation_edit":
        rule("login 403   200   403   200   404   404   404   404"),
    "monitoring:recommendation_export":
        rule(SIGNED_IN),
    "monitoring:recommendation_import":
        rule("login 403   200   403   200   403   200   200   200"),
    "monitoring:recommendation_list":
        rule(SIGNED_IN),
    "public_monitoring:recommendation_detail":
        rule("404   404   404   404   404   404   404   404   404"),
    "public_monitoring:recommendation_list":
        rule("404   404   404   404   404   404   404   404   404"),
}

API: dict[str, Rule] = {
    #             anon  cw    law   intk  adm   out   admB  coord anal
    "GET /api/v1/analytics/tables":
        rule("401   200   200   403   403   200   403   200   200"),
    "GET /api/v1/cases":
        rule(API_SIGNED_IN),
    "GET /api/v1/cases/{case_id}":
        rule(API_CASE_RECORD),
    "GET /api/v1/cases/{case_id}/assistance":
        rule(API_CASE_RECORD),
    "GET /api/v1/cases/{case_id}/investigations":
        rule(API_CASE_RECORD),
    "GET /api/v1/cases/{case_id}/proceedings":
        rule(API_CASE_RECORD),
    "GET /api/v1/cases/{case_id}/prosecutions":
        rule(API_CASE_RECORD),
    "GET /api/v1/cases/{case_id}/reflection-periods":
        rule(API_CASE_RECORD),
    "GET /api/v1/cases/{case_id}/support-plan":
        rule(API_CASE_RECORD),
    "GET /api/v1/complaints":
        rule("401   403   403   200   403   403   403   200   403"),
    "GET /api/v1/complaints/{complaint_id}":
        rule(API_COMPLAINT_RECORD),
    "GET /api/v1/consents":
        rule(API_EDITORS_OWN_ORG),
    "GET /api/v1/consents/{consent_id}":
        rule(API_SHARING_RECORD),
    "GET /api/v1/estimates":
        rule("401   403   403   403   403   403   403   200   200"),
    "GET /api/v1/estimates/{estimate_id}":
        rule("401   404   404   404   404   404   404   404   404"),
    "GET /api/v1/me":
        rule(API_SIGNED_IN),
    "GET /api/v1/notifications":
        rule(API_EDITORS_OWN_ORG),
    "GET /api/v1/official/figures":
        rule(API_SIGNED_IN),
    "GET /api/v1/official/indicators":
        rule(API_SIGNED_IN),
    "GET /api/v1/persons":
        rule(API_SIGNED_IN),
    "GET /api/v1/persons/{person_id}":
        rule(API_CASE_RECORD),
    "GET /api/v1/referrals":
        rule(API_EDITORS_OWN_ORG),
    "GET /api/v1/referrals/{referral_id}":
        rule(API_SHARING_RECORD),
    "GET /api/v1/services":
        rule(API_SIGNED_IN),
    "GET /api/v1/services/{service_id}":
        rule(API_SIGNED_IN),
    "PATCH /api/v1/cases/{case_id}":
        rule(API_CASE_RECORD),
    "PATCH /api/v1/persons/{person_id}":
        rule(API_CASE_RECORD),
    "PATCH /api/v1/services/{service_id}":
        rule("401   200   200   403   200   404   404   404   404"),
    "POST /api/v1/cases":
        rule(API_BODY_VALIDATED_FIRST),
    "POST /api/v1/cases/{case_id}/assistance":
        rule(API_CASE_RECORD_WRITE),
    "POST /api/v1/cases/{case_id}/investigations":
        rule(API_CASE_RECORD_WRITE),
    "POST /api/v1/cases/{case_id}/proceedings":
        rule(API_CASE_RECORD_WRITE),
    "POST /api/v1/cases/{case_id}/prosecutions":
        rule(API_CASE_RECORD_WRITE),
    "POST /api/v1/complaints/{complaint_id}/assign":
        rule(API_COMPLAINT_RECORD),
    "POST /api/v1/complaints/{complaint_id}/convert":
        rule(API_COMPLAINT_RECORD),
    "POST /api/v1/complaints/{complaint_id}/reply":
        rule("401   403   403   422   403   404   404   404   404"),
    "POST /api/v1/consents":
        rule(API_BODY_VALIDATED_FIRST),
    "POST /api/v1/consents/{consent_id}/withdraw":
        rule(API_SHARING_RECORD),
    "POST /api/v1/estimates/run":
        rule(API_BODY_VALIDATED_FIRST),
    "POST /api/v1/notifications/read":
        rule(API_EDITORS_OWN_ORG),
    "POST /api/v1/notifications/{notification_id}/read":
        rule(API_SHARING_RECORD),
    "POST /api/v1/official/figures":
        rule(API_BODY_VALIDATED_FIRST),
    "POST /api/v1/persons":
        rule(API_EDITORS_OWN_ORG),
    "POST /api/v1/referrals":
        rule(API_BODY_VALIDATED_FIRST),
    "POST /api/v1/referrals/{referral_id}/accept":
        rule(API_RECEIVER_ACTION),
    "POST /api/v1/referrals/{referral_id}/complete":
        rule(API_RECEIVER_ACTION),
    "POST /api/v1/referrals/{referral_id}/decline":
        rule(API_RECEIVER_ACTION),
    "POST /api/v1/referrals/{referral_id}/revoke":
        rule(API_SHARING_RECORD),
    "POST /api/v1/referrals/{referral_id}/start":
        rule(API_RECEIVER_ACTION),
    "POST /api/v1/services":
        rule(API_BODY_VALIDATED_FIRST),
    "PUT /api/v1/cases/{case_id}/support-plan":
        rule(API_CASE_RECORD),
}
