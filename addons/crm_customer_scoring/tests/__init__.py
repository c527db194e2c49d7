from . import test_credit_policy
from . import test_credit_approvals
from . import test_credit_portal
