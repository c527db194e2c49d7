from . import sale_credit_approval_wizard
from . import res_partner_term_exception_wizard
from . import crm_customer_score_recompute
from . import crm_funnel_report
