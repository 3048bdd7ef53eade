"""One annual impact report build, measured: `python -m bench.report_build` prints JSON.

Run by bench/run.py in a fresh process (the environment points at the bench database), so the
peak resident memory it reports is the build's own process: Django, the figures, WeasyPrint's
layout and the PDF, as a Celery worker would hold them.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> int:
    import django

    django.setup()
    from careers_portal.dates import today
    from careers_portal.insights import report
    from careers_portal.insights.figures import year_of
    from careers_portal.schools.models import Institution

    institution = Institution.objects.order_by("pk").first()
    year = year_of(today())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    pdf = report.build_pdf(institution, year, today=today())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    json.dump(
        {
            "seconds": round(seconds, 2),
            "peak_mb": round(peak / 1024, 1),
            "before_build_mb": round(before / 1024, 1),
            "bytes": len(pdf),
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
