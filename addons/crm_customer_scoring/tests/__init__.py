from . import test_credit_policy
from . import test_credit_approvals
from . import test_credit_portal
from . import test_multi_company
from . import test_company_credit_policy
from . import test_credit_watch
from . import test_credit_tours
from . import test_sales_dynamics
