"""Production settings: the base settings hardened for HTTPS behind a reverse proxy.

Use with ``DJANGO_SETTINGS_MODULE=jiandu.settings_production``; ``check --deploy`` is
clean for it (tested in ``jiandu.core.tests.test_deploy``).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from jiandu.settings import *  # noqa: F403

if not os.environ.get("JIANDU_SECRET_KEY"):
    raise ImproperlyConfigured("生产环境必须设置 JIANDU_SECRET_KEY")
if not os.environ.get("JIANDU_FIELD_KEY"):
    raise ImproperlyConfigured("生产环境必须设置 JIANDU_FIELD_KEY（字段加密密钥）")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
