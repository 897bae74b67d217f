//! API errors, shaped like `metav1.Status` so kubectl can print them the way it does:
//! `Error from server (NotFound): pods "web" not found`.

use crate::api::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    NotFound,
    AlreadyExists,
    Conflict,
    Invalid,
    BadRequest,
    Forbidden,
    /// `metav1.StatusReasonUnknown` (empty): an error the storage layer returned as it
    /// was, which the API server answers with 500 and kubectl prints as `Error from server:`.
    Unknown,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotFound => "NotFound",
            Reason::AlreadyExists => "AlreadyExists",
            Reason::Conflict => "Conflict",
            Reason::Invalid => "Invalid",
            Reason::BadRequest => "BadRequest",
            Reason::Forbidden => "Forbidden",
            Reason::Unknown => "",
        }
    }
    /// How kubectl introduces a server error: `Error from server (NotFound): `, or
    /// `Error from server: ` when the reason is empty.
    pub fn from_server(self) -> String {
        match self.as_str() {
            "" => "Error from server: ".to_string(),
            r => format!("Error from server ({r}): "),
        }
    }
    pub fn code(self) -> u16 {
        match self {
            Reason::NotFound => 404,
            Reason::AlreadyExists | Reason::Conflict => 409,
            Reason::Invalid => 422,
            Reason::BadRequest => 400,
            Reason::Forbidden => 403,
            Reason::Unknown => 500,
        }
    }
}

/// `rpctypes.ErrGRPCNoSpace`'s text, which etcd answers any write with once its space
/// quota is exhausted.
pub const NO_SPACE: &str = "etcdserver: mvcc: database space exceeded";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub reason: Reason,
    pub message: String,
}

impl ApiError {
    /// `pods "web" not found`, with the group for apps kinds: `deployments.apps "web" not found`.
    pub fn not_found(kind: Kind, name: &str) -> Self {
        ApiError {
            reason: Reason::NotFound,
            message: format!("{} \"{name}\" not found", qualified(kind)),
        }
    }
    pub fn already_exists(kind: Kind, name: &str) -> Self {
        ApiError {
            reason: Reason::AlreadyExists,
            message: format!("{} \"{name}\" already exists", qualified(kind)),
        }
    }
    pub fn conflict(kind: Kind, name: &str) -> Self {
        ApiError {
            reason: Reason::Conflict,
            message: format!(
                "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
                qualified(kind)
            ),
        }
    }
    pub fn namespace_not_found(ns: &str) -> Self {
        ApiError {
            reason: Reason::NotFound,
            message: format!("namespaces \"{ns}\" not found"),
        }
    }
    /// An Invalid error from field errors: `Deployment.apps "web" is invalid: [a, b]`.
    pub fn invalid(kind: Kind, name: &str, causes: &[String]) -> Self {
        let group = match kind.group() {
            "" => String::new(),
            g => format!(".{g}"),
        };
        let body = if causes.len() == 1 {
            causes[0].clone()
        } else {
            format!("[{}]", causes.join(", "))
        };
        ApiError {
            reason: Reason::Invalid,
            message: format!("{}{group} \"{name}\" is invalid: {body}", kind.name()),
        }
    }
    /// etcd's space quota is exhausted (`rpctypes.ErrGRPCNoSpace`): the API server passes
    /// the error through `ErrorToAPIStatus` unchanged (500, reason Unknown).
    pub fn no_space() -> Self {
        ApiError {
            reason: Reason::Unknown,
            message: NO_SPACE.to_string(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            reason: Reason::BadRequest,
            message: message.into(),
        }
    }

    /// The line kubectl prints for this error (`cmdutil.StandardErrorMessage`).
    pub fn kubectl_line(&self) -> String {
        format!("{}{}", self.reason.from_server(), self.message)
    }
}

/// `pods`, `deployments.apps`: the resource as the API server names it in messages.
pub fn qualified(kind: Kind) -> String {
    match kind.group() {
        "" => kind.resource().to_string(),
        g => format!("{}.{g}", kind.resource()),
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.kubectl_line())
    }
}
