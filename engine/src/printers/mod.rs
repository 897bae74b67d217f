//! (skeleton; see the module's owner issue)
