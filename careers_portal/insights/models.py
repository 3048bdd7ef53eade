"""The insights app's models, one module per feature."""

from careers_portal.insights.careers_page_models import CareersPage

__all__ = ["CareersPage"]
