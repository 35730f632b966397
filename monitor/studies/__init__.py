"""Studies: many sessions analysed into one tidy table per kind (docs/study.md).

A stage above ``analysis`` and ``report``, below ``cli`` and ``tools``: ``sources`` finds the sessions,
``rows`` turns one session's analysis into its small tables, ``task`` is one session's work (the unit a
worker process or a Dask worker runs), ``cache`` keeps each session's tables in the study's folder,
``run`` runs the tasks one by one, on local worker processes or on a Dask cluster, and ``output`` writes
the tables and the cohort report.
"""
