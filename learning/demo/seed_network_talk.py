"""Seeded network conversation: a thread on each of the first outputs (one in five of them),
replies by the seeded participants (the busiest thread has as many posts as there are
people, so the thread page is measured with a long thread at every size), some posts edited,
reported or hidden, and members following themes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.demo.seed_rows import THEMES, TOPICS, Seeding, insert_rows, next_id
from learning.platform.extensions import db
from learning.research.models import ResearchOutput


def seed_network_talk(run: Seeding, participants: list[int]) -> None:
    """Write threads, posts (some hidden with a reason), revisions and follows."""
    rng, now = run.rng, run.now
    outputs = db.session.scalars(
        select(ResearchOutput.id)
        .where(ResearchOutput.state == "published", ResearchOutput.access == "public")
        .order_by(ResearchOutput.id)
        .limit(max(1, run.size.outputs // 5))
    ).all()
    if not outputs or not participants:
        return
    thread_id, post_id = next_id("network_threads"), next_id("network_posts")
    threads, posts, revisions, actions, follows = [], [], [], [], []
    for n, output in enumerate(outputs):
        # The first thread is the busiest: one post per person of the size.
        count = len(participants) if n == 0 else rng.randint(1, 6)
        started = now - timedelta(days=rng.randint(10, 60))
        es, _en = TOPICS[n % len(TOPICS)]
        threads.append(
            {
                "id": thread_id + n,
                "subject_kind": "output",
                "subject_key": str(output),
                "title": f"¿Qué opinan sobre {es.lower()}?",
                "author_id": participants[n % len(participants)],
                "created_at": started,
                "last_post_at": started + timedelta(minutes=count),
                "post_count": count,
            }
        )
        for k in range(count):
            hidden = k % 17 == 16
            posts.append(
                {
                    "id": post_id,
                    "thread_id": thread_id + n,
                    "author_id": participants[(n + k) % len(participants)],
                    "body": f"Aporte {k + 1}: **{es}** en la región, con datos de {2020 + k % 5}.",
                    "state": "hidden" if hidden else "visible",
                    "hidden_reason": "Fuera de tema." if hidden else None,
                    "links_held": False,
                    "report_count": 1 if k % 11 == 10 else 0,
                    "created_at": started + timedelta(minutes=k),
                    "edited_at": started + timedelta(minutes=k, seconds=30) if k % 7 == 3 else None,
                }
            )
            if k % 7 == 3:
                revisions.append(
                    {
                        "post_id": post_id,
                        "body": f"Aporte {k + 1} (primera versión).",
                        "written_at": started + timedelta(minutes=k),
                        "replaced_at": started + timedelta(minutes=k, seconds=30),
                    }
                )
            if hidden:
                actions.append(
                    {
                        "action": "hide",
                        "post_id": post_id,
                        "member_id": posts[-1]["author_id"],
                        "reason": "Fuera de tema.",
                        "created_at": started + timedelta(minutes=k, seconds=40),
                    }
                )
            post_id += 1
    themes = list(THEMES)
    for n, person in enumerate(participants[: max(1, len(participants) // 3)]):
        follows.append(
            {
                "user_id": person,
                "kind": "theme",
                "target": themes[n % len(themes)],
                "created_at": now,
            }
        )
    run.counts["network_threads"] = insert_rows("network_threads", threads)
    run.counts["network_posts"] = insert_rows("network_posts", posts)
    run.counts["network_post_revisions"] = insert_rows("network_post_revisions", revisions)
    run.counts["network_moderation_actions"] = insert_rows("network_moderation_actions", actions)
    run.counts["network_follows"] = insert_rows("network_follows", follows)
