"""Workshop operations, one module per sub-domain: authoring, catalogue, curriculum, lessons,
materials, the materials ZIP, and who may do what (permissions).

Functions add and flush; the route commits (one transaction per request). Domain rules that
refuse an operation raise common.WorkshopError with a ``code`` the web layer words for people.
"""
