"""network_talk: follows, discussion threads, posts and their revisions, reports, moderation
log, blocks, messages between members and digest settings (issue 20, second half)

Revision ID: c3e6a4b9d2f5
Revises: b2d5f3a8c1e4
Create Date: 2026-12-04 09:23:43.034491

"""
from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = 'c3e6a4b9d2f5'
down_revision = 'b2d5f3a8c1e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('network_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('blocked_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['blocked_by_id'], ['users.id'], name=op.f('fk_network_blocks_blocked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_network_blocks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_blocks')),
    sa.UniqueConstraint('user_id', name=op.f('uq_network_blocks_user_id'))
    )
    with op.batch_alter_table('network_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_blocks_blocked_by_id'), ['blocked_by_id'], unique=False)

    op.create_table('network_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('target', sa.String(length=64), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('organisation', 'person', 'theme', 'output', 'event')", name=op.f('ck_network_follows_kind_known')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_network_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_follows')),
    sa.UniqueConstraint('user_id', 'kind', 'target', name=op.f('uq_network_follows_user_id_kind_target'))
    )
    with op.batch_alter_table('network_follows', schema=None) as batch_op:
        batch_op.create_index('ix_network_follows_kind_target', ['kind', 'target'], unique=False)

    op.create_table('network_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_network_messages_recipient_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['users.id'], name=op.f('fk_network_messages_sender_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_messages'))
    )
    with op.batch_alter_table('network_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_messages_recipient_id'), ['recipient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_messages_sender_id'), ['sender_id'], unique=False)

    op.create_table('network_talk_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=8), nullable=False),
    sa.Column('allow_messages', sa.Boolean(), nullable=False),
    sa.Column('allow_mentions', sa.Boolean(), nullable=False),
    sa.Column('digest_sent_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("digest IN ('never', 'daily', 'weekly')", name=op.f('ck_network_talk_settings_digest_known')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_network_talk_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_network_talk_settings'))
    )
    op.create_table('network_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_kind', sa.String(length=16), nullable=False),
    sa.Column('subject_key', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_post_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('post_count', sa.Integer(), nullable=False),
    sa.CheckConstraint("subject_kind IN ('output', 'event', 'theme')", name=op.f('ck_network_threads_subject_known')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_network_threads_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_threads'))
    )
    with op.batch_alter_table('network_threads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_threads_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_network_threads_subject', ['subject_kind', 'subject_key', 'last_post_at'], unique=False)

    op.create_table('network_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('hidden_reason', sa.String(length=500), nullable=True),
    sa.Column('links_held', sa.Boolean(), nullable=False),
    sa.Column('report_count', sa.Integer(), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('edited_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('visible', 'reported', 'hidden')", name=op.f('ck_network_posts_state_known')),
    sa.CheckConstraint('report_count >= 0', name=op.f('ck_network_posts_reports_not_negative')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_network_posts_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['network_threads.id'], name=op.f('fk_network_posts_thread_id_network_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_posts'))
    )
    with op.batch_alter_table('network_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_posts_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_network_posts_thread_created', ['thread_id', 'created_at'], unique=False)

    op.create_table('network_moderation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('hide', 'restore', 'approve-links', 'block', 'unblock')", name=op.f('ck_network_moderation_actions_action_known')),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_network_moderation_actions_member_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moderator_id'], ['users.id'], name=op.f('fk_network_moderation_actions_moderator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['network_posts.id'], name=op.f('fk_network_moderation_actions_post_id_network_posts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_moderation_actions'))
    )
    with op.batch_alter_table('network_moderation_actions', schema=None) as batch_op:
        batch_op.create_index('ix_network_moderation_actions_created', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_moderation_actions_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_moderation_actions_moderator_id'), ['moderator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_moderation_actions_post_id'), ['post_id'], unique=False)

    op.create_table('network_post_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('written_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('replaced_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['network_posts.id'], name=op.f('fk_network_post_revisions_post_id_network_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_post_revisions'))
    )
    with op.batch_alter_table('network_post_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_post_revisions_post_id'), ['post_id'], unique=False)

    op.create_table('network_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('settled', sa.Boolean(), nullable=False),
    sa.CheckConstraint("reason IN ('spam', 'offensive', 'off-topic', 'personal-data')", name=op.f('ck_network_reports_reason_known')),
    sa.CheckConstraint('(post_id IS NULL) <> (message_id IS NULL)', name=op.f('ck_network_reports_one_item')),
    sa.ForeignKeyConstraint(['message_id'], ['network_messages.id'], name=op.f('fk_network_reports_message_id_network_messages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['network_posts.id'], name=op.f('fk_network_reports_post_id_network_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_network_reports_reporter_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_reports')),
    sa.UniqueConstraint('message_id', 'reporter_id', name=op.f('uq_network_reports_message_id_reporter_id')),
    sa.UniqueConstraint('post_id', 'reporter_id', name=op.f('uq_network_reports_post_id_reporter_id'))
    )
    with op.batch_alter_table('network_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_reports_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_reports_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_reports_reporter_id'), ['reporter_id'], unique=False)



def downgrade():
    with op.batch_alter_table('network_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_reports_reporter_id'))
        batch_op.drop_index(batch_op.f('ix_network_reports_post_id'))
        batch_op.drop_index(batch_op.f('ix_network_reports_message_id'))

    op.drop_table('network_reports')
    with op.batch_alter_table('network_post_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_post_revisions_post_id'))

    op.drop_table('network_post_revisions')
    with op.batch_alter_table('network_moderation_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_moderation_actions_post_id'))
        batch_op.drop_index(batch_op.f('ix_network_moderation_actions_moderator_id'))
        batch_op.drop_index(batch_op.f('ix_network_moderation_actions_member_id'))
        batch_op.drop_index('ix_network_moderation_actions_created')

    op.drop_table('network_moderation_actions')
    with op.batch_alter_table('network_posts', schema=None) as batch_op:
        batch_op.drop_index('ix_network_posts_thread_created')
        batch_op.drop_index(batch_op.f('ix_network_posts_author_id'))

    op.drop_table('network_posts')
    with op.batch_alter_table('network_threads', schema=None) as batch_op:
        batch_op.drop_index('ix_network_threads_subject')
        batch_op.drop_index(batch_op.f('ix_network_threads_author_id'))

    op.drop_table('network_threads')
    op.drop_table('network_talk_settings')
    with op.batch_alter_table('network_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_messages_sender_id'))
        batch_op.drop_index(batch_op.f('ix_network_messages_recipient_id'))

    op.drop_table('network_messages')
    with op.batch_alter_table('network_follows', schema=None) as batch_op:
        batch_op.drop_index('ix_network_follows_kind_target')

    op.drop_table('network_follows')
    with op.batch_alter_table('network_blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_blocks_blocked_by_id'))

    op.drop_table('network_blocks')
