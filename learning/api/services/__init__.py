"""The API's domain operations: tokens (tokens.py) and the resources' reading (resources.py)."""
