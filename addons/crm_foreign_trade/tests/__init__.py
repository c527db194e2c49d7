from . import test_roles
from . import test_customer_profile
from . import test_collision
from . import test_public_pool
from . import test_handover
from . import test_customer_import
from . import test_decision_tree
from . import test_quotation_consistency
