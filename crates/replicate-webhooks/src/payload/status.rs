//! The lifecycle status of a prediction or training.

use alloc::string::String;
use core::fmt;

/// Where a prediction or training is in its lifecycle.
///
/// Open-ended: a status this version does not know (Replicate added `aborted`
/// in 2025 and broke clients with closed enums) parses as [`Status::Unknown`]
/// with the text kept.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Status {
    /// Booting; a long `starting` usually means a cold worker.
    Starting,
    /// The model is running.
    Processing,
    /// Finished successfully.
    Succeeded,
    /// Finished with an error (see `error`).
    Failed,
    /// Canceled by the user or by its deadline while running.
    Canceled,
    /// Terminated before it started running (e.g. deadline reached in the queue).
    Aborted,
    /// A status newer than this library.
    Unknown(String),
}

impl Status {
    /// The status as Replicate spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Starting => "starting",
            Status::Processing => "processing",
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
            Status::Canceled => "canceled",
            Status::Aborted => "aborted",
            Status::Unknown(text) => text,
        }
    }

    /// Parse any status text; unknown text becomes [`Status::Unknown`].
    pub fn from_text(text: &str) -> Status {
        match text {
            "starting" => Status::Starting,
            "processing" => Status::Processing,
            "succeeded" => Status::Succeeded,
            "failed" => Status::Failed,
            "canceled" => Status::Canceled,
            "aborted" => Status::Aborted,
            other => Status::Unknown(String::from(other)),
        }
    }

    /// Whether no further webhooks follow: `succeeded`, `failed`, `canceled`
    /// or `aborted`. Unknown statuses are not terminal.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Status::Succeeded | Status::Failed | Status::Canceled | Status::Aborted
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Status, D::Error> {
        struct StatusVisitor;
        impl serde::de::Visitor<'_> for StatusVisitor {
            type Value = Status;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a status string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Status, E> {
                Ok(Status::from_text(text))
            }
        }
        deserializer.deserialize_str(StatusVisitor)
    }
}
