//! paperkube's Yew widget (placeholder until the widget lands).
