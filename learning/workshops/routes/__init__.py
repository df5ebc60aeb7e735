"""Workshop pages, one module per sub-domain: the catalogue, a workshop's and a lesson's pages,
authoring the workshop, its curriculum and lessons, and its materials (each adds its views to
learning.workshops.blueprint.bp).

Who may: the catalogue and published workshop pages are public; lessons and materials are for
participants enrolled in an edition, the workshop's trainers and admins; authoring is for the
workshop's trainers and admins. A draft is a 404 for everyone else.
"""
