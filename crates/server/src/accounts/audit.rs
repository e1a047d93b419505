//! The security audit log (R23): one row per security event. Writing never fails a request:
//! a failed write is logged and the request goes on.

use crate::store::{now_ms, Store};
use serde::Serialize;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    TwoStepSucceeded,
    TwoStepFailed,
    TwoStepEnabled,
    RecoveryCodeUsed,
    PasswordChanged,
    SessionRevoked,
    OtherSessionsRevoked,
    SettingsChanged,
    InviteCreated,
    InviteAccepted,
    NewDeviceLogin,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::LoginSucceeded => "login_succeeded",
            Event::LoginFailed => "login_failed",
            Event::LoginThrottled => "login_throttled",
            Event::TwoStepSucceeded => "two_step_succeeded",
            Event::TwoStepFailed => "two_step_failed",
            Event::TwoStepEnabled => "two_step_enabled",
            Event::RecoveryCodeUsed => "recovery_code_used",
            Event::PasswordChanged => "password_changed",
            Event::SessionRevoked => "session_revoked",
            Event::OtherSessionsRevoked => "other_sessions_revoked",
            Event::SettingsChanged => "settings_changed",
            Event::InviteCreated => "invite_created",
            Event::InviteAccepted => "invite_accepted",
            Event::NewDeviceLogin => "new_device_login",
        }
    }
}

/// One event to record.
#[derive(Debug, Clone, Default)]
pub struct Entry<'a> {
    pub account_id: Option<&'a str>,
    pub email: Option<&'a str>,
    pub site_id: Option<&'a str>,
    pub ip: &'a str,
    pub detail: &'a str,
}

pub async fn record(store: &dyn Store, event: Event, entry: Entry<'_>) {
    if let Err(e) = store.append_audit(now_ms(), event.as_str(), &entry).await {
        tracing::error!(error = ?e, event = event.as_str(), "could not write the audit log");
    }
}
