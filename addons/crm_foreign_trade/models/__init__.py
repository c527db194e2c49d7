# res_partner_lifecycle before res_partner: a write is checked for a class change
# before a lifecycle override, as when both lived in one write().
from . import res_partner_lifecycle
from . import res_partner
from . import res_partner_collision
from . import res_partner_name_card
from . import res_partner_pool
from . import res_partner_sample
from . import account_payment_term
from . import res_company
from . import sales_organisation
from . import res_users_local_name
from . import crm_team
from . import res_users
from . import crm_customer_pool_move
from . import res_config_settings
from . import crm_customer_handover
from . import crm_decision_contact
from . import crm_lead
from . import sale_price_conflict
from . import sale_order
from . import sale_order_history
from . import account_move_orders
from . import crm_sample_request
from . import crm_sample_request_billing
from . import crm_visit_report
from . import crm_visit_plan
from . import res_company_demo
