from . import sale_execution_template
from . import sale_execution_step
from . import sale_letter_credit
from . import sale_letter_credit_amendment
from . import sale_order
from . import sale_order_line
from . import sale_order_export_documents
from . import product_template
from . import product_packaging
from . import res_company
from . import res_config_settings
from . import ir_module
<<<<<<< HEAD
from . import sale_execution_step_event
from . import sale_order_execution_event
from . import purchase_order
from . import stock_picking
from . import account_move
=======
from . import sale_order_bill_of_lading
from . import sale_letter_credit_discrepancy
from . import sale_letter_credit_presentation
from . import stock_picking_letter_credit
>>>>>>> h-samples-lc
