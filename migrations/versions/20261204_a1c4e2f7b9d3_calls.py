"""calls: academic exchange calls, their eligibility rules and applications (learning/calls)

Revision ID: a1c4e2f7b9d3
Revises: f6b9d7e3a5c8
Create Date: 2026-12-04 09:45:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = 'a1c4e2f7b9d3'
down_revision = 'f6b9d7e3a5c8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('opens_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('statement_limit', sa.Integer(), nullable=False),
    sa.Column('blind', sa.Boolean(), nullable=False),
    sa.Column('reviews_each', sa.Integer(), nullable=False),
    sa.Column('submissions_serial', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('fellowship', 'stay', 'project')", name=op.f('ck_calls_kind_known')),
    sa.CheckConstraint("status IN ('draft', 'open', 'closed', 'reviewing', 'decided', 'archived')", name=op.f('ck_calls_status_known')),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_calls_closes_after_opening')),
    sa.CheckConstraint('places > 0', name=op.f('ck_calls_places_positive')),
    sa.CheckConstraint('statement_limit BETWEEN 100 AND 20000', name=op.f('ck_calls_statement_limit_range')),
    sa.CheckConstraint('reviews_each BETWEEN 1 AND 10', name=op.f('ck_calls_reviews_each_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_calls_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls'))
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calls_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_calls_status_closes', ['status', 'closes_at'], unique=False)

    op.create_table('call_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_translations_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_translations')),
    sa.UniqueConstraint('call_id', 'language', name=op.f('uq_call_translations_call_id_language'))
    )
    op.create_table('call_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=500), nullable=False),
    sa.CheckConstraint("rule IN ('country', 'sector', 'career_stage', 'document', 'no_award')", name=op.f('ck_call_rules_rule_known')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_rules_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_rules')),
    sa.UniqueConstraint('call_id', 'rule', name=op.f('uq_call_rules_call_id_rule'))
    )
    op.create_table('call_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('sector', sa.String(length=32), nullable=True),
    sa.Column('career_stage', sa.String(length=16), nullable=True),
    sa.Column('previous_award', sa.Boolean(), nullable=True),
    sa.Column('project_title', sa.String(length=200), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('document_file_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision', sa.String(length=16), nullable=True),
    sa.Column('decision_reason', sa.String(length=1000), nullable=False),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('decided_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("decision IS NULL OR decision IN ('selected', 'waitlisted', 'declined')", name=op.f('ck_call_applications_decision_known')),
    sa.CheckConstraint("state IN ('draft', 'submitted', 'withdrawn')", name=op.f('ck_call_applications_state_known')),
    sa.CheckConstraint("career_stage IS NULL OR career_stage IN ('early', 'mid', 'senior')", name=op.f('ck_call_applications_career_stage_known')),
    sa.CheckConstraint("(state = 'submitted') = (submitted_at IS NOT NULL)", name=op.f('ck_call_applications_submitted_when_submitted')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_applications_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_call_applications_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_file_id'], ['stored_files.id'], name=op.f('fk_call_applications_document_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_call_applications_decided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_applications')),
    sa.UniqueConstraint('call_id', 'user_id', name=op.f('uq_call_applications_call_id_user_id'))
    )
    with op.batch_alter_table('call_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_applications_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_applications_document_file_id'), ['document_file_id'], unique=False)
        batch_op.create_index('ix_call_applications_call_state', ['call_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_applications_decided_by_id'), ['decided_by_id'], unique=False)

    op.create_table('call_reviewers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_reviewers_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_call_reviewers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_reviewers')),
    sa.UniqueConstraint('call_id', 'user_id', name=op.f('uq_call_reviewers_call_id_user_id'))
    )
    with op.batch_alter_table('call_reviewers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_reviewers_user_id'), ['user_id'], unique=False)

    op.create_table('call_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.CheckConstraint('weight BETWEEN 1 AND 100', name=op.f('ck_call_criteria_weight_range')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_criteria_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_criteria'))
    )
    with op.batch_alter_table('call_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_criteria_call_id'), ['call_id'], unique=False)

    op.create_table('call_criterion_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['call_criteria.id'], name=op.f('fk_call_criterion_translations_criterion_id_call_criteria'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_criterion_translations')),
    sa.UniqueConstraint('criterion_id', 'language', name=op.f('uq_call_criterion_translations_criterion_id_language'))
    )
    op.create_table('call_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('conflict_note', sa.String(length=500), nullable=False),
    sa.Column('waived_by_id', sa.Integer(), nullable=True),
    sa.Column('waiver_reason', sa.String(length=500), nullable=False),
    sa.Column('confidence', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('assigned', 'conflict', 'submitted')", name=op.f('ck_call_reviews_state_known')),
    sa.CheckConstraint('confidence IS NULL OR confidence BETWEEN 1 AND 3', name=op.f('ck_call_reviews_confidence')),
    sa.CheckConstraint("(state = 'submitted') = (submitted_at IS NOT NULL)", name=op.f('ck_call_reviews_submitted_when_submitted')),
    sa.ForeignKeyConstraint(['application_id'], ['call_applications.id'], name=op.f('fk_call_reviews_application_id_call_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_call_reviews_reviewer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['waived_by_id'], ['users.id'], name=op.f('fk_call_reviews_waived_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_reviews')),
    sa.UniqueConstraint('application_id', 'reviewer_id', name=op.f('uq_call_reviews_application_id_reviewer_id'))
    )
    with op.batch_alter_table('call_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_reviews_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_reviews_reviewer_id'), ['reviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_reviews_waived_by_id'), ['waived_by_id'], unique=False)

    op.create_table('call_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.CheckConstraint('score BETWEEN 0 AND 5', name=op.f('ck_call_scores_score_range')),
    sa.ForeignKeyConstraint(['criterion_id'], ['call_criteria.id'], name=op.f('fk_call_scores_criterion_id_call_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['call_reviews.id'], name=op.f('fk_call_scores_review_id_call_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_scores')),
    sa.UniqueConstraint('review_id', 'criterion_id', name=op.f('uq_call_scores_review_id_criterion_id'))
    )
    with op.batch_alter_table('call_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_scores_criterion_id'), ['criterion_id'], unique=False)

    generations = sa.table('cache_generations', sa.column('name'), sa.column('token'))
    op.bulk_insert(generations, [{'name': 'calls', 'token': secrets.token_hex(8)}])


def downgrade():
    op.execute("DELETE FROM cache_generations WHERE name = 'calls'")
    op.drop_table('call_scores')
    op.drop_table('call_reviews')
    op.drop_table('call_criterion_translations')
    op.drop_table('call_criteria')
    op.drop_table('call_reviewers')
    with op.batch_alter_table('call_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_call_applications_call_state')
        batch_op.drop_index(batch_op.f('ix_call_applications_document_file_id'))
        batch_op.drop_index(batch_op.f('ix_call_applications_user_id'))

    op.drop_table('call_applications')
    op.drop_table('call_rules')
    op.drop_table('call_translations')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_status_closes')
        batch_op.drop_index(batch_op.f('ix_calls_created_by_id'))

    op.drop_table('calls')
