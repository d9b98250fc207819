"""The REST API for scripts (django-ninja), under /api/v1/, authenticated by bearer tokens.

Every read goes through the apps' queries (which audit it) and every write through their actions.
"""
