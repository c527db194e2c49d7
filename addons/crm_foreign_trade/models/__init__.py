from . import res_partner
from . import res_users
from . import crm_team
from . import crm_customer_pool_move
from . import res_config_settings
from . import crm_customer_handover
from . import crm_decision_contact
from . import crm_lead
