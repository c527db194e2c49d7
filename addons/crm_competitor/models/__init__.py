from . import crm_competitor
from . import crm_competitor_price
from . import crm_competitor_order
from . import crm_lead
from . import crm_lost_reason
from . import crm_visit_report
