"""rustc JSON diagnostics: records, parsing, error signatures and machine-applicable fixes."""

from sleepy.diagnostics.model import Applicability, Diagnostic, Edit, Span, Suggestion
from sleepy.diagnostics.parse import (
    diagnostic_from_json,
    diagnostic_to_json,
    diagnostics_json,
    parse_diagnostics,
    unique_diagnostics,
)
from sleepy.diagnostics.rustfix import (
    MACHINE_APPLICABLE_ONLY,
    WITH_MAYBE_INCORRECT,
    apply_machine_applicable,
    apply_suggestions,
)
from sleepy.diagnostics.shape import debug_shape
from sleepy.diagnostics.signature import (
    ErrorSignature,
    named_template,
    panic_template,
    primary_error,
    rustc_template,
    signature_from_diagnostics,
    signature_from_panic,
)

__all__ = [
    "MACHINE_APPLICABLE_ONLY",
    "WITH_MAYBE_INCORRECT",
    "Applicability",
    "Diagnostic",
    "Edit",
    "ErrorSignature",
    "Span",
    "Suggestion",
    "apply_machine_applicable",
    "apply_suggestions",
    "debug_shape",
    "diagnostic_from_json",
    "diagnostic_to_json",
    "diagnostics_json",
    "named_template",
    "panic_template",
    "parse_diagnostics",
    "primary_error",
    "rustc_template",
    "signature_from_diagnostics",
    "signature_from_panic",
    "unique_diagnostics",
]
