"""The task backend of ordinary tests; tests/test_oncall_worker.py runs the real worker instead."""

from django.tasks.backends.dummy import DummyBackend
from django.tasks.backends.immediate import ImmediateBackend


class ImmediateUnlessDeferredBackend(DummyBackend):
    """
    Records every task enqueued (in `results`, as Django's dummy backend does) and runs at once,
    in the test's own thread, those not deferred with `run_after`, as the immediate backend does.
    A deferred task (the referral escalation) waits in `results` for the test to run it.
    """

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.immediate = ImmediateBackend(alias, params)

    def _store_result(self, result):
        super()._store_result(result)
        if result.task.run_after is None:
            self.immediate._execute_task(result)

    def deferred(self) -> list:
        return [result for result in self.results if result.task.run_after is not None]
