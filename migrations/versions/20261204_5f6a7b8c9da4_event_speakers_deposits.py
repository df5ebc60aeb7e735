"""event_speakers.user_id, event_speaker_translations, event_materials.output_id: speakers who
are members with bios in each language, and materials deposited into the research exchange
(issue 18)

Revision ID: 5f6a7b8c9da4
Revises: 4e5f6a7b8c93
Create Date: 2026-12-04 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5f6a7b8c9da4'
down_revision = '4e5f6a7b8c93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event_speakers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_speakers_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_event_speakers_user_id_users'), 'users', ['user_id'], ['id'], ondelete='CASCADE')

    op.create_table('event_speaker_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['speaker_id'], ['event_speakers.id'], name=op.f('fk_event_speaker_translations_speaker_id_event_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_speaker_translations')),
    sa.UniqueConstraint('speaker_id', 'language', name=op.f('uq_event_speaker_translations_speaker_id_language'))
    )

    with op.batch_alter_table('event_materials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('output_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_materials_output_id'), ['output_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_event_materials_output_id_research_outputs'), 'research_outputs', ['output_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('event_materials', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_materials_output_id_research_outputs'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_materials_output_id'))
        batch_op.drop_column('output_id')

    op.drop_table('event_speaker_translations')

    with op.batch_alter_table('event_speakers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_speakers_user_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_speakers_user_id'))
        batch_op.drop_column('user_id')
