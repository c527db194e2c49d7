from . import test_execution_checklist
