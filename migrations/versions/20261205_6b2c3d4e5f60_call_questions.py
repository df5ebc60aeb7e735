"""call_questions, call_question_translations, call_answers: the application form each call
defines, and applicants' answers (issue 19)

Revision ID: 6b2c3d4e5f60
Revises: 6a1b2c3d4e5f
Create Date: 2026-12-05 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = '6b2c3d4e5f60'
down_revision = '6a1b2c3d4e5f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('call_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('file_types', sa.String(length=100), nullable=False),
    sa.Column('max_megabytes', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('max_length', sa.Integer(), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('text', 'choice', 'yesno', 'date', 'file')", name=op.f('ck_call_questions_question_kind_known')),
    sa.CheckConstraint('max_length IS NULL OR (max_length > 0 AND max_length <= 20000)', name=op.f('ck_call_questions_max_length_range')),
    sa.CheckConstraint('max_megabytes IS NULL OR (max_megabytes > 0 AND max_megabytes <= 10)', name=op.f('ck_call_questions_max_megabytes_range')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_questions_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_questions'))
    )
    with op.batch_alter_table('call_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_questions_call_id'), ['call_id'], unique=False)

    op.create_table('call_question_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['call_questions.id'], name=op.f('fk_call_question_translations_question_id_call_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_question_translations')),
    sa.UniqueConstraint('question_id', 'language', name=op.f('uq_call_question_translations_question_id_language'))
    )
    op.create_table('call_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['call_applications.id'], name=op.f('fk_call_answers_application_id_call_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_call_answers_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['call_questions.id'], name=op.f('fk_call_answers_question_id_call_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_call_answers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_answers')),
    sa.UniqueConstraint('application_id', 'question_id', name=op.f('uq_call_answers_application_id_question_id'))
    )
    with op.batch_alter_table('call_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_answers_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_answers_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('call_answers')
    op.drop_table('call_question_translations')
    op.drop_table('call_questions')
