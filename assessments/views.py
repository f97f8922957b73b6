import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from classification.rules.questions import catalogue
from classification.rules.validation import InvalidAnswers, parse_answers_json

from . import services, timeline, wizard
from .forms import (
    AssessmentDetailsForm,
    AssessmentForm,
    AssessmentSearchForm,
    ConfirmForm,
    DuplicateForm,
    ImportForm,
    QuestionForm,
)
from .presentation import result_context
from .selectors import assessment_access, assessment_advice, assessment_list


def _editable(request, pk):
    """The assessment for a write: 404 outside the user's organisations, 403 for viewers."""
    assessment, membership = assessment_access(user=request.user, pk=pk, current=request.membership)
    if not membership.can_edit:
        raise PermissionDenied("Viewers cannot change assessments.")
    return assessment


def _question_url(assessment, question, *, back_to_review=False, pending=()):
    """A question's page; from the review, with the questions a change revealed still to ask."""
    url = reverse("assessment-question", args=[assessment.pk, question.id])
    if not back_to_review:
        return url
    return f"{url}?{urlencode({'return': 'review', 'pending': ','.join(pending)} if pending else {'return': 'review'})}"


def _pending(request):
    """The ids a review-page change revealed that are still to be asked (unknown ids are ignored)."""
    return [qid for qid in request.GET.get("pending", "").split(",")[:100] if qid]


@login_required
@require_GET
def assessment_list_view(request):
    form = AssessmentSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    for error in form.errors.get("q", []):
        messages.error(request, f"{form.fields['q'].label}: {error}")
    page = Paginator(assessment_list(membership=request.membership, search=search), 20).get_page(request.GET.get("page"))
    unfinished = {a.pk for a in page.object_list if wizard.open_questions(a.answers)}
    return render(request, "assessments/assessment_list.html", {"page": page, "search": search,
                  "unfinished": unfinished}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create_view(request):
    if request.membership is None or not request.membership.can_edit:
        raise PermissionDenied("You cannot create assessments in this organisation.")
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = services.assessment_create(organisation=request.membership.organisation, user=request.user,
                                                **form.cleaned_data)
        return redirect(_question_url(assessment, catalogue().questions[0]))
    return render(request, "assessments/assessment_form.html", {"form": form})


@login_required
@require_GET
def assessment_resume(request, pk):
    assessment, _ = assessment_access(user=request.user, pk=pk, current=request.membership)
    question = wizard.resume_question(assessment.answers, assessment.current_question)
    if question is None:
        return redirect("assessment-review", pk=pk)
    return redirect(_question_url(assessment, question))


@login_required
@require_http_methods(["GET", "POST"])
def assessment_question(request, pk, qid):
    assessment, membership = assessment_access(
        user=request.user, pk=pk, current=request.membership, with_advice=False
    )
    question = next((q for q in wizard.visible(assessment.answers) if q.id == qid), None)
    if question is None:
        raise Http404("This question does not apply to the answers given so far.")
    back_to_review = request.GET.get("return") == "review"
    if request.method == "POST":
        if not membership.can_edit:
            raise PermissionDenied("Viewers cannot change assessments.")
        return _answer(request, assessment, question, back_to_review)
    initial = {"version": assessment.version, **QuestionForm.initial_for(question, assessment.answers.get(qid))}
    form = QuestionForm(initial=initial, question=question)
    return render(request, "assessments/question.html", _question_context(assessment, question, form, back_to_review))


def _answer(request, assessment, question, back_to_review):
    form = QuestionForm(request.POST, question=question)
    if "save_and_exit" in request.POST and form.is_blank():
        services.assessment_save_place(assessment=assessment, question_id=question.id)
        messages.success(request, f"Saved. You can come back to \u201c{assessment.product_name}\u201d at any time: "
                                  "this question is still to be answered.")
        return redirect("assessment-list")
    before = dict(assessment.answers)
    if not form.is_valid():
        return render(request, "assessments/question.html",
                      _question_context(assessment, question, form, back_to_review), status=400)
    try:
        answered = services.assessment_answer(
            assessment=assessment, user=request.user, question_id=question.id, value=form.cleaned_data["value"],
            version=form.cleaned_data["version"],
        )
    except services.StaleVersion as stale:
        return _stale(request, stale.current, question, form, back_to_review)
    except InvalidAnswers as invalid:  # the form let through what the schema refuses: nothing was saved
        form.add_error("answer", forms.ValidationError([error.message for error in invalid.errors]))
        return render(request, "assessments/question.html",
                      _question_context(assessment, question, form, back_to_review), status=400)
    if answered.dropped:
        texts = "; ".join(catalogue().question(q).text for q in answered.dropped)
        messages.warning(request, f"These answers no longer apply and were removed: {texts}")
    if "save_and_exit" in request.POST:
        messages.success(request, f"Saved. You can come back to \u201c{assessment.product_name}\u201d at any time.")
        return redirect("assessment-list")
    if back_to_review:
        return _back_to_review(request, assessment, before)
    if answered.next_question is None:
        return redirect("assessment-review", pk=assessment.pk)
    return redirect(_question_url(assessment, answered.next_question))


def _back_to_review(request, assessment, before):
    """A change from the review page returns there once the questions it revealed are answered."""
    revealed = wizard.revealed_by_change(before, assessment.answers, _pending(request))
    if not revealed:
        return redirect("assessment-review", pk=assessment.pk)
    messages.info(request, "Your change brings up questions not asked before: answer them to return to your answers.")
    pending = [q.id for q in revealed[1:]]
    return redirect(_question_url(assessment, revealed[0], back_to_review=True, pending=pending))


def _stale(request, current, question, form, back_to_review):
    messages.error(
        request,
        "Someone else changed this assessment while you were editing. Your answer was not saved: check the "
        f"current answer ({question.choice_label(current.answers.get(question.id))}) and submit again to replace it.",
    )
    data = request.POST.copy()
    data["version"] = current.version
    form = QuestionForm(data, question=question)
    form.is_valid()
    return render(request, "assessments/question.html",
                  _question_context(current, question, form, back_to_review), status=409)


def _question_context(assessment, question, form, back_to_review):
    previous = wizard.previous_before(assessment.answers, question.id)
    return {
        "assessment": assessment, "question": question, "form": form, "back_to_review": back_to_review,
        "answered_not_known": question.id in assessment.answers and assessment.answers[question.id] is None,
        "progress": wizard.progress(assessment.answers, question),
        "back_url": reverse("assessment-review", args=[assessment.pk]) if back_to_review
        else (_question_url(assessment, previous) if previous else reverse("assessment-list")),
    }


@login_required
@require_http_methods(["GET", "POST"])
def assessment_review(request, pk):
    assessment, membership = assessment_access(user=request.user, pk=pk, current=request.membership)
    if request.method == "POST":
        assessment = _editable(request, pk)
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                assessment = services.assessment_confirm(assessment=assessment, user=request.user,
                                                         version=form.cleaned_data["version"])
            except services.StaleVersion:
                pass
            else:
                _say_open_questions(request, assessment)
                return redirect("assessment-result", pk=pk)
        messages.error(request, "Someone else changed this assessment: check the answers again.")
        return redirect("assessment-review", pk=pk)
    return render(request, "assessments/review.html", {
        "assessment": assessment, "sections": wizard.answered_by_section(assessment.answers),
        "next_question": wizard.first_unanswered(assessment.answers),
        "can_edit": membership.can_edit and not assessment.is_locked,
        **timeline.review_comments(assessment=assessment, membership=membership),
    })


def _say_open_questions(request, assessment):
    count = len(wizard.open_questions(assessment.answers))
    if count:
        questions = "1 question is" if count == 1 else f"{count} questions are"
        messages.warning(request, f"Confirmed with open questions: {questions} not answered yet, and the result "
                                  "treats them as not known. You can continue with the questions at any time.")


@login_required
@require_GET
def assessment_result(request, pk):
    assessment, membership = assessment_access(user=request.user, pk=pk, current=request.membership)
    advice = assessment_advice(assessment=assessment)
    context = result_context(assessment, advice)
    context.update(can_edit=membership.can_edit and not assessment.is_locked, next_question=wizard.first_unanswered(assessment.answers))
    return render(request, "assessments/result.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_duplicate(request, pk):
    """GET: the copy's name to confirm or change; POST: the copy (named "… (copy)" when no name is given)."""
    assessment = _editable(request, pk)
    bound = request.POST if request.method == "POST" else None  # an empty POST: the default name
    form = DuplicateForm(bound, initial={"product_name": f"{assessment.product_name} (copy)"[:200]})
    if request.method == "POST" and form.is_valid():
        copy = services.assessment_duplicate(assessment=assessment, user=request.user,
                                             product_name=form.cleaned_data["product_name"])
        messages.success(request, f"Duplicated as \u201c{copy.product_name}\u201d.")
        return redirect("assessment-review", pk=copy.pk)
    return render(request, "assessments/assessment_duplicate.html", {"form": form, "assessment": assessment},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_details(request, pk):
    """The product details (name, description, indication, sponsor), changed after creation."""
    assessment = _editable(request, pk)
    form = AssessmentDetailsForm(request.POST or None, initial={"version": assessment.version, **{
        name: getattr(assessment, name) for name in ("product_name", "description", "indication", "sponsor")}})
    if request.method == "POST" and form.is_valid():
        details = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            services.assessment_update_details(assessment=assessment, user=request.user,
                                               version=form.cleaned_data["version"], **details)
        except services.StaleVersion as stale:
            form = AssessmentDetailsForm({**request.POST.dict(), "version": stale.current.version})
            form.is_valid()
            form.add_error(None, "Someone else changed this assessment while you were editing: your changes were "
                                 "not saved. They are still below: check them and save again.")
            return render(request, "assessments/assessment_details.html", {"form": form, "assessment": stale.current},
                          status=409)
        messages.success(request, "The product details were saved.")
        return redirect("assessment-review", pk=pk)
    return render(request, "assessments/assessment_details.html", {"form": form, "assessment": assessment},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_delete(request, pk):
    assessment = _editable(request, pk)
    if request.method == "POST":
        services.assessment_delete(assessment=assessment)
        messages.success(request, f"\u201c{assessment.product_name}\u201d was deleted.")
        return redirect("assessment-list")
    return render(request, "assessments/assessment_confirm_delete.html", {"assessment": assessment})


@login_required
@require_GET
def assessment_export_json(request, pk):
    assessment, _ = assessment_access(user=request.user, pk=pk, current=request.membership)
    response = HttpResponse(json.dumps(assessment.answers_document(), indent=2), content_type="application/json")
    name = slugify(assessment.product_name) or "assessment"
    response["Content-Disposition"] = f'attachment; filename="{name}-answers.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def assessment_import(request):
    if request.membership is None or not request.membership.can_edit:
        raise PermissionDenied("You cannot create assessments in this organisation.")
    form, errors = ImportForm(request.POST or None, request.FILES or None), []
    if request.method == "POST" and form.is_valid():
        try:
            document = parse_answers_json(form.cleaned_data["file"].read().decode("utf-8"))
            assessment = services.assessment_import(organisation=request.membership.organisation,
                                                    user=request.user, document=document)
        except UnicodeDecodeError as exc:
            errors = [f"The file is not UTF-8 text: byte {exc.start} cannot be read."]
        except InvalidAnswers as invalid:
            errors = [str(error) for error in invalid.errors]
        else:
            messages.success(request, f"Imported \u201c{assessment.product_name}\u201d.")
            return redirect("assessment-review", pk=assessment.pk)
    return render(request, "assessments/import.html", {"form": form, "import_errors": errors},
                  status=400 if errors or form.errors else 200)
