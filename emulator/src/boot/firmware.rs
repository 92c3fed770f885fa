//! The built-in firmware image (built from `firmware/` by its Makefile and
//! committed, so `cargo build` needs no cross compiler).

/// The built-in firmware, if this build has one.
pub fn builtin() -> Option<&'static [u8]> {
    None
}
