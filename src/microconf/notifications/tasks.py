from django_tasks import task

from microconf.notifications import outbox


@task()
def send_outbox_mail(mail_id: int) -> str:
    """Send one mail of the outbox (run by ``microconf db_worker``)."""
    return outbox.deliver(mail_id)
