from . import customer_class_change
