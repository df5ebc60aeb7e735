"""The public REST API: personal access tokens, the OpenAPI document and its pages, and the
resources under /api/v1 (see feature.py)."""
