from . import test_competitor
from . import test_multi_company
