"""The WSGI application served by `moksori serve` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moksori.web.settings")
application = get_wsgi_application()
