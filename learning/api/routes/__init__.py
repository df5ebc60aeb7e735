"""The API's views: the public resources (public.py), a caller's own records and changes
(mine.py), and the HTML pages: documentation and tokens (pages.py)."""
