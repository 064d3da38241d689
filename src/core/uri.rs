//! otpauth:// URIs: a tolerant parser and a canonical formatter (DESIGN §6).
