from . import sale_execution_template
from . import sale_execution_step
from . import sale_letter_credit
from . import sale_letter_credit_amendment
from . import sale_order
from . import sale_order_line
from . import res_company
from . import res_config_settings
