//! `intstr.IntOrString`, as used by `maxSurge` and `maxUnavailable`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    String(String),
}

impl IntOrString {
    /// `intstr.GetScaledValueFromIntOrPercent`: an integer as it is, `"N%"` of `total`
    /// rounded up or down.
    pub fn scaled_value(&self, total: i64, round_up: bool) -> Result<i64, String> {
        match self {
            IntOrString::Int(v) => Ok(*v),
            IntOrString::String(s) => {
                let Some(p) = s.strip_suffix('%') else {
                    return Err(
                        "invalid value for IntOrString: invalid type: string is not a percentage"
                            .to_string(),
                    );
                };
                let p: i64 = p.parse().map_err(|_| {
                    format!("invalid value \"{s}\": strconv.Atoi: parsing \"{p}\": invalid syntax")
                })?;
                let v = p as f64 * total as f64 / 100.0;
                Ok(if round_up { v.ceil() } else { v.floor() } as i64)
            }
        }
    }
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(v) => write!(f, "{v}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}
