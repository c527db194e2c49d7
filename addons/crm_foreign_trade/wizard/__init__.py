from . import customer_class_change
from . import customer_import
from . import base_partner_merge
