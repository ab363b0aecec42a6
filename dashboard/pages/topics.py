"""``/topics``: the working group's other subjects, one card each — region curators,
retail-chain contracts, tenders, sales-and-service centres, export support and the
bodies' expected full-year figures.

The header's navigation has one link for all of them (``nav_group="nav.topics"`` on
each subject's page lights it): ten links do not fit the shared screen's header in
German. A card's link keeps the filter, the language and the theme, like every link.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from ..components.page_title import page_title
from ..i18n import t
from ..state import PageState, filter_params, search_of, view_params
from .common import page_layout

PATH = "/topics"
# (where the card leads, the view's own parameters, its title's message id, its id)
TOPICS = (
    ("/curators", {}, "nav.curators", "curators"),
    ("/retail", {}, "nav.retail", "retail"),
    ("/tenders", {}, "nav.tenders", "tenders"),
    ("/stock", {"view": "centres"}, "topics.title.centres", "centres"),
    ("/support", {}, "nav.support", "support"),
    ("/", {}, "topics.title.expectations", "expectations"),
)


def topic_links(state: PageState) -> list[tuple[str, str, str, str]]:
    """(href, title, description, id) of every subject, the filter kept."""
    kept = {**filter_params(state.filter, state.dims), **view_params(state)}
    out = []
    for path, own, title, key in TOPICS:
        if path not in {p["path"] for p in dash.page_registry.values()}:
            continue  # a subject whose page is not registered (never in a release)
        out.append((path + search_of({**kept, **own}), t(title, state.lang),
                    t(f"topics.desc.{key}", state.lang), key))
    return out


@page_layout(PATH)
def layout(state: PageState):
    cards = [dcc.Link([html.Div(title, className="topic-title"),
                       html.Div(desc, className="topic-desc")],
                      href=href, className="topic-card", id=f"topic-{key}")
             for href, title, desc, key in topic_links(state)]
    return html.Div([
        html.H1(t("topics.heading", state.lang), className="topics-heading"),
        html.Div(cards, className="topic-cards"),
    ], className="topics-page")


dash.register_page(__name__, path=PATH, name=t("nav.topics"), order=5,
                   nav_key="nav.topics", title=page_title("title.topics"), layout=layout)
