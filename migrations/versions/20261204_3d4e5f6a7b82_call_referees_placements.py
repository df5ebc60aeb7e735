"""calls: referees with their letters, placements with milestones, reports and outputs

Revision ID: 3d4e5f6a7b82
Revises: 1b2c3d4e5f60
Create Date: 2026-12-04 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = '3d4e5f6a7b82'
down_revision = '1b2c3d4e5f60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referees', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_calls_referees_range'), 'referees BETWEEN 0 AND 5')

    op.create_table('call_referees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('relation', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('requested_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('letter_file_id', sa.Integer(), nullable=True),
    sa.Column('received_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('es', 'en')", name=op.f('ck_call_referees_language_known')),
    sa.CheckConstraint('(letter_file_id IS NULL) OR (received_at IS NOT NULL)', name=op.f('ck_call_referees_received_when_letter')),
    sa.ForeignKeyConstraint(['application_id'], ['call_applications.id'], name=op.f('fk_call_referees_application_id_call_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['letter_file_id'], ['stored_files.id'], name=op.f('fk_call_referees_letter_file_id_stored_files'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_referees')),
    sa.UniqueConstraint('application_id', 'email', name=op.f('uq_call_referees_application_id_email'))
    )
    with op.batch_alter_table('call_referees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_referees_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_referees_letter_file_id'), ['letter_file_id'], unique=False)

    op.create_table('call_placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('agreement_file_id', sa.Integer(), nullable=True),
    sa.Column('interim_text', sa.Text(), nullable=False),
    sa.Column('interim_file_id', sa.Integer(), nullable=True),
    sa.Column('final_text', sa.Text(), nullable=False),
    sa.Column('final_file_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on > starts_on', name=op.f('ck_call_placements_ends_after_start')),
    sa.CheckConstraint("status IN ('planned', 'active', 'completed', 'cancelled')", name=op.f('ck_call_placements_status_known')),
    sa.ForeignKeyConstraint(['agreement_file_id'], ['stored_files.id'], name=op.f('fk_call_placements_agreement_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['call_applications.id'], name=op.f('fk_call_placements_application_id_call_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['final_file_id'], ['stored_files.id'], name=op.f('fk_call_placements_final_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['interim_file_id'], ['stored_files.id'], name=op.f('fk_call_placements_interim_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_call_placements_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_placements')),
    sa.UniqueConstraint('application_id', name=op.f('uq_call_placements_application_id'))
    )
    with op.batch_alter_table('call_placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_placements_agreement_file_id'), ['agreement_file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_placements_final_file_id'), ['final_file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_placements_interim_file_id'), ['interim_file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_placements_user_id'), ['user_id'], unique=False)

    op.create_table('call_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['call_placements.id'], name=op.f('fk_call_milestones_placement_id_call_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_milestones'))
    )
    with op.batch_alter_table('call_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_milestones_placement_id'), ['placement_id'], unique=False)

    op.create_table('call_placement_outputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['output_id'], ['research_outputs.id'], name=op.f('fk_call_placement_outputs_output_id_research_outputs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['call_placements.id'], name=op.f('fk_call_placement_outputs_placement_id_call_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_placement_outputs')),
    sa.UniqueConstraint('placement_id', 'output_id', name=op.f('uq_call_placement_outputs_placement_id_output_id'))
    )
    with op.batch_alter_table('call_placement_outputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_placement_outputs_output_id'), ['output_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_placement_outputs_placement_id'), ['placement_id'], unique=False)


def downgrade():
    op.drop_table('call_placement_outputs')
    op.drop_table('call_milestones')
    op.drop_table('call_placements')
    op.drop_table('call_referees')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_calls_referees_range'), type_='check')
        batch_op.drop_column('referees')
