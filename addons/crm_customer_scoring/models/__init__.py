from . import account_payment_term
from . import res_partner
from . import crm_credit_application
from . import tier_validation
from . import sale_order
from . import sale_order_line
from . import tier_definition
from . import res_config_settings
