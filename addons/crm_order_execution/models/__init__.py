from . import sale_execution_template
from . import sale_execution_step
from . import sale_order
from . import res_config_settings
