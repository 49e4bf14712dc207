from django_tasks import task

from microconf.scheduling import solve_runs


@task()
def solve_schedule(run_id: int) -> str:
    """Solve a conference's draft schedule (run by ``microconf db_worker``)."""
    return solve_runs.run(run_id)
