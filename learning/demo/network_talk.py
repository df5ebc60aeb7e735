"""Demo conversation in the network: an active thread on a published demo research output,
with replies (one mentioning a member), a post a moderator hid with the reason shown in its
place (and its entry in the public moderation log), people following themes and outputs, and
their digest and contact choices. Made through the network's services, as members and a
moderator would (no e-mail is sent)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.accounts.models import User
from learning.network.services import discussion, follow, moderation
from learning.network.talk_models import Post, TalkSettings
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.models import ResearchOutput

RESEARCHER = "researcher@demo.puente"
# Carmen curates research and also holds the moderator role: she moderates the discussions.
MODERATOR = "curator@demo.puente"
PARTICIPANT = "participant@demo.puente"
GRADUATE = "graduate@demo.puente"
LEARNER = "learner@demo.puente"


def load(users: dict[str, User]) -> None:
    """Add the demo thread, its moderation and the follows."""
    output = db.session.scalars(
        select(ResearchOutput)
        .where(ResearchOutput.state == "published")
        .order_by(ResearchOutput.id)
    ).first()
    if output is None:
        return
    researcher, moderator = users[RESEARCHER], users[MODERATOR]
    participant, graduate, learner = users[PARTICIPANT], users[GRADUATE], users[LEARNER]
    # Demo accounts are made today; they act as members of some months.
    for user in (researcher, moderator, participant, graduate, learner):
        user.created_at = utcnow() - timedelta(days=120)
    subject = discussion.find_subject("output", str(output.id), "es")
    if subject is None:
        return
    first = discussion.start_thread(
        researcher,
        subject,
        "¿Qué datos faltan para evaluar la política?",
        "Publicamos esta nota con los datos que pudimos reunir. **¿Qué fuentes añadirían?** "
        "Nos interesan sobre todo los registros municipales.",
    )
    thread = first.thread
    discussion.reply(
        participant,
        thread,
        "En Honduras los portales municipales publican presupuestos, pero no su ejecución. "
        "@[Rosa Investigadora], ¿los consideraron?",
    )
    discussion.reply(
        graduate,
        thread,
        "In El Salvador the access-to-information office answers requests within ten days; "
        "it could fill the gap.",
    )
    spam = discussion.reply(learner, thread, "Compre seguidores baratos: escríbame por privado.")
    discussion.reply(
        researcher,
        thread,
        "Gracias a ambos: añadiremos una sección sobre solicitudes de acceso a la información.",
    )
    moderation.hide(moderator, [spam], "Publicidad ajena a la discusión (spam).")
    # The last reply was edited once: its history keeps the first wording.
    last = db.session.scalars(
        select(Post).where(Post.thread_id == thread.id).order_by(Post.id.desc())
    ).first()
    discussion.edit(
        researcher,
        last,
        last.body + " La próxima versión saldrá en marzo.",
    )
    follow.follow(participant, "theme", "democracy")
    follow.follow(participant, "output", str(output.id))
    follow.follow(graduate, "theme", "digital")
    db.session.add_all(
        [
            TalkSettings(
                user_id=researcher.id, digest="weekly", allow_messages=True, allow_mentions=True
            ),
            TalkSettings(
                user_id=participant.id, digest="daily", allow_messages=False, allow_mentions=True
            ),
        ]
    )
    db.session.flush()
