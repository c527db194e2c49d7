from . import test_execution_checklist
from . import test_execution_followup
from . import test_letter_credit
from . import test_execution_tour
from . import test_export_documents
from . import test_portal_progress
from . import test_multi_company
