"""The REST API (/api/v1/): Django REST framework views over the same services and selectors as
the web pages, OpenAPI 3.1 by drf-spectacular, per-organisation API keys, RFC 9457 errors."""
