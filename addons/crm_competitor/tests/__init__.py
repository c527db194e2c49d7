from . import test_competitor
