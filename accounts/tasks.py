from celery import shared_task


@shared_task(acks_late=True, soft_time_limit=30, time_limit=60)
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """Looks the address up and sends the reset link, outside the request (see the service). A mail
    server that refuses is logged by Django's reset form (with the user's id, not the address);
    the user can ask again."""
    from .services import password_reset_send

    password_reset_send(email=email, domain=domain, use_https=use_https)
