from . import test_credit_policy
from . import test_credit_approvals
