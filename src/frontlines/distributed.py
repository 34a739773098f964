"""Document stages on a Dask cluster: ``frontlines ingest --workers N`` or ``--scheduler``.

The writer (this process) reads sources, cleans, deduplicates and stores articles, as
always; each batch of stored articles goes to a worker, which runs
:func:`frontlines.pipeline.analyse` on it (triage, parse, time, places, events: pure over
the records) and sends the records back without their parse. One writer stores them, a
batch per transaction, oldest batch first, so a run on workers stores exactly what a run in
one process does.

``--workers N`` starts a local cluster of N single-threaded worker processes (they inherit
this process's environment: gazetteer, actor files, configuration). ``--scheduler
tcp://HOST:PORT`` sends the batches to an existing cluster, whose workers must have
frontlines installed with the same data files and settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from frontlines.errors import BadOption

if TYPE_CHECKING:
    from frontlines.analysis import Analysis
    from frontlines.models import Article


def _warm_up() -> None:
    """Load what every batch needs (the English model, the gazetteer, the lexicons)."""
    from frontlines import nlp
    from frontlines.events.triage import triage_reason
    from frontlines.geo import geoparse

    nlp.load()
    geoparse("Fighting was reported near Aleppo.")
    triage_reason("word " * 60)


class DaskRunner:
    """Sends batches to a Dask cluster's workers; :meth:`submit` returns a waiter."""

    def __init__(self, client: Any, workers: int) -> None:
        self.client = client
        self.workers = max(1, workers)

    @classmethod
    @contextmanager
    def start(cls, *, workers: int = 2, scheduler: str | None = None) -> Iterator[DaskRunner]:
        """A runner on a new local cluster of ``workers`` processes, or on the cluster whose
        scheduler is at ``scheduler``; the local cluster stops when the block ends."""
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - a dependency of the package
            raise BadOption(detail="--workers needs the 'distributed' package") from None
        if workers < 1:
            raise BadOption(detail=f"--workers must be at least 1, not {workers}")
        cluster = None
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as exc:
                raise BadOption(
                    detail=f"no Dask scheduler answered at {scheduler} ({exc})"
                ) from None
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=50,
            )
            client = Client(cluster)
        try:
            n = len(client.scheduler_info().get("workers", {})) or workers
            client.run(_warm_up)  # each worker loads the model and the gazetteer once, now
            yield cls(client, n)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def submit(self, articles: Sequence[Article], **options: Any) -> Callable[[], list[Analysis]]:
        from frontlines.pipeline import analyse

        future = self.client.submit(analyse, list(articles), pure=False, **options)
        return future.result
