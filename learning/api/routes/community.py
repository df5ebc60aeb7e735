"""Calls for applications (public), the network's organisations, and people's profiles as the
caller may see them: a visitor, a signed-in member (any valid token) or programme staff. A
private profile never appears: not listed, not found by search, not among an organisation's
members, and a 404 by its id, whoever asks."""

from __future__ import annotations

from flask import abort, json, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning.accounts.models import User
from learning.api.blueprint import operation
from learning.api.problems import Problem
from learning.api.respond import body_response, kept, page_data, page_response, paging
from learning.api.services import community, resources
from learning.calls.models import Call
from learning.language.i18n import current_language
from learning.network.models import Organisation

NETWORK = ("network",)
SEARCH_MAX = 200
ONCE = _l("Give this parameter once.")


@operation(
    "/calls",
    operation_id="list_calls",
    summary=_l("Calls for applications"),
    description=_l("Open calls and past ones under review or decided, by id; no applications."),
    tag="calls",
    response="CallPage",
    query=("after", "limit"),
    paged=True,
)
def list_calls():
    """Anyone: the calls on the public list, by id. Made afresh each time (not kept): whether
    a call takes applications changes with the clock, not with a change of the calls."""
    after, limit = paging()
    rows, more = resources.page(community.calls_query(), Call.id, after, limit)
    language = current_language()
    items = [community.call_data(row, language) for row in rows]
    return page_response(json.dumps(page_data(items, more, rows[-1].id if rows else None, limit)))


@operation(
    "/calls/<int:call_id>",
    operation_id="get_call",
    summary=_l("One call for applications"),
    tag="calls",
    response="Call",
)
def get_call(call_id: int):
    """Anyone: a call past its draft; drafts are a 404."""
    row = community.call(call_id)
    if row is None:
        abort(404)
    return body_response(json.dumps(community.call_data(row, current_language())))


@operation(
    "/organisations",
    operation_id="list_organisations",
    summary=_l("The network's organisations"),
    tag="network",
    response="OrganisationPage",
    query=("after", "limit"),
    paged=True,
)
def list_organisations():
    """Anyone: active organisations, by id."""
    after, limit = paging()

    def make() -> dict:
        query = community.organisations_query()
        rows, more = resources.page(query, Organisation.id, after, limit)
        language = current_language()
        items = [community.organisation_data(row, language) for row in rows]
        return page_data(items, more, rows[-1].id if rows else None, limit)

    return page_response(kept(NETWORK, make))


@operation(
    "/organisations/<int:organisation_id>",
    operation_id="get_organisation",
    summary=_l("One organisation of the network"),
    tag="network",
    response="Organisation",
)
def get_organisation(organisation_id: int):
    """Anyone: an active organisation; proposals are a 404."""

    def make() -> dict | None:
        row = community.organisation(organisation_id)
        return None if row is None else community.organisation_data(row, current_language())

    body = kept(NETWORK, make)
    if body == "null":
        abort(404)
    return body_response(body)


def _profiles_page(query, after: int, limit: int):  # noqa: ANN001, ANN202 - a page of users
    rows, more = resources.page(query, User.id, after, limit)
    items = [community.profile_data(view) for view in community.views(current_user, rows)]
    return json.dumps(page_data(items, more, rows[-1].id if rows else None, limit))


@operation(
    "/organisations/<int:organisation_id>/members",
    operation_id="list_organisation_members",
    summary=_l("An organisation's members whose profile you may see"),
    description=_l(
        "Confirmed members who opened their profile to you; each field as its owner chose."
    ),
    tag="network",
    response="ProfilePage",
    query=("after", "limit"),
    paged=True,
)
def list_organisation_members(organisation_id: int):
    """Anyone: the organisation's people the caller may see (private profiles never)."""
    after, limit = paging()
    if community.organisation(organisation_id) is None:
        abort(404)
    query = community.members_query(current_user, organisation_id)
    return page_response(_profiles_page(query, after, limit))


@operation(
    "/profiles",
    operation_id="list_profiles",
    summary=_l("People's profiles you may see"),
    description=_l(
        "Visitors see profiles opened to everyone; a token's owner also sees those opened to "
        "network members. Each field shows only when its owner opened it to you, else it is "
        "null. Search with q (name, headline and keywords you may see)."
    ),
    tag="network",
    response="ProfilePage",
    query=("q", "after", "limit"),
    paged=True,
)
def list_profiles():
    """Anyone: opened profiles visible to the caller, searched, by id."""
    given = request.args.getlist("q")
    if len(given) > 1:
        raise Problem(422, errors={"q": ONCE})
    after, limit = paging()
    # As the directory does: the first 200 characters (a longer query finds nothing more).
    query = community.people_query(current_user, given[0][:SEARCH_MAX] if given else "")
    return page_response(_profiles_page(query, after, limit))


@operation(
    "/profiles/<int:user_id>",
    operation_id="get_profile",
    summary=_l("One person's profile, as you may see it"),
    tag="network",
    response="Profile",
)
def get_profile(user_id: int):
    """Anyone the profile is opened to; a private one is a 404 whoever asks."""
    view = community.profile_view(current_user, user_id)
    if view is None:
        abort(404)
    return body_response(json.dumps(community.profile_data(view)))
