from . import test_competitor
from . import test_multi_company
from . import test_competitor_screens
from . import test_competitor_pdf
from . import test_competitor_tour
from . import test_competitors_dashboard
