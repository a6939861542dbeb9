"""Ingest a corpus on a Slurm cluster: Dask workers as Slurm jobs (dask-jobqueue), the corpus written here.

    pip install 'newscorpus[cluster]' dask-jobqueue      # into an environment every node sees
    python examples/slurm_ingest.py /shared/pages --db corpus.db --workers 48 --account myproject
    python examples/slurm_ingest.py /shared/pages --db corpus.db --print-job-script   # check, submit nothing

Run it on a login node, or as a small job of its own: this process makes the corpus-wide decisions
and writes the corpus (SQLite) on its own disk; give it a local or scratch disk, not an NFS home.
The page files must be on a filesystem the compute nodes mount at the same path (/shared above),
and the workers run this environment's Python (`--python`, default: the one running this script).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", type=Path, help="page files or folders, on a shared filesystem")
    ap.add_argument("--db", type=Path, required=True, help="the corpus file (written by this process)")
    ap.add_argument("--workers", type=int, default=48, help="worker processes in all")
    ap.add_argument("--per-job", type=int, default=8, help="worker processes per Slurm job (one core each)")
    ap.add_argument("--memory", default="16GB", help="memory per Slurm job")
    ap.add_argument("--walltime", default="04:00:00")
    ap.add_argument("--queue", help="Slurm partition")
    ap.add_argument("--account", help="Slurm account")
    ap.add_argument("--python", default=sys.executable, help="the workers' Python (with newscorpus installed)")
    ap.add_argument("--print-job-script", action="store_true", help="print the Slurm job script and stop")
    args = ap.parse_args()

    import dask
    from dask_jobqueue import SLURMCluster
    from distributed import Client

    import newscorpus
    from newscorpus.cluster import QUIET, DaskExecutor

    with dask.config.set(QUIET):  # the workers' housekeeping made rarer (see newscorpus/cluster.py)
        # one thread per worker process: the work is pure Python
        cluster = SLURMCluster(cores=args.per_job, processes=args.per_job, memory=args.memory,
                               walltime=args.walltime, queue=args.queue, account=args.account,
                               python=args.python, job_name="newscorpus")
    if args.print_job_script:
        print(cluster.job_script())
        cluster.close()
        return
    cluster.scale(args.workers)  # Slurm starts the jobs when it can; work begins with the first worker
    with cluster, Client(cluster) as client:
        client.wait_for_workers(1)
        start = time.perf_counter()
        report = newscorpus.Corpus(args.db).ingest(args.paths, executor=DaskExecutor(client), progress=_progress)
    print(f"\n{report.read} files read, {report.articles} articles, {len(report.failed)} failed "
          f"in {time.perf_counter() - start:.0f} s -> {args.db}", file=sys.stderr)
    for path, reason in report.failed:
        print(f"skipped {path}: {reason}", file=sys.stderr)


def _progress(done: int, total: int, stage: str) -> None:
    if done == total or done % 100 == 0:
        print(f"\r{stage[-40:]:40s} {done}/{total}", end="", file=sys.stderr, flush=True)


if __name__ == "__main__":  # workers are started as separate processes: nothing may run on import
    main()
