//! Export: placeholder.
