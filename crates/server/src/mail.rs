//! E-mail through the operator's SMTP server (lettre): security alerts for now (R23).
//! Configured by `KEFU_SMTP_*`; without it nothing is sent and alerts stay in the console.
//! Sending never delays or fails the request that caused it, and the password is never
//! logged (`Secret`'s `Debug` hides it).

use anyhow::{bail, Context as _};
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::Tls;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;

/// How the connection to the SMTP server is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SmtpSecurity {
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain, then upgraded with STARTTLS, which is required (port 587).
    Starttls,
    /// No encryption: only to a relay on this machine (localhost, 127.0.0.1, ::1).
    None,
}

/// A password: `Debug` never shows it, so no log line can.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("(hidden)")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Secret, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: Option<u16>,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// `Kefu <alerts@example.com>`
    pub from: String,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl Mailer {
    pub fn new(s: &SmtpSettings) -> anyhow::Result<Arc<Mailer>> {
        let from: Mailbox = s
            .from
            .parse()
            .with_context(|| format!("KEFU_SMTP_FROM `{}` is not an address", s.from))?;
        let builder = match s.security {
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)?,
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)?
            }
            SmtpSecurity::None => {
                if !is_loopback(&s.host) {
                    bail!(
                        "KEFU_SMTP_SECURITY=none sends passwords and alerts in the clear; it is \
                         allowed only to a relay on this machine, not to `{}`",
                        s.host
                    );
                }
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host).tls(Tls::None)
            }
        };
        let mut builder = builder.timeout(Some(std::time::Duration::from_secs(20)));
        if let Some(port) = s.port {
            builder = builder.port(port);
        }
        if let (Some(user), Some(pass)) = (&s.username, &s.password) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.0.clone()));
        }
        Ok(Arc::new(Mailer {
            transport: builder.build(),
            from,
        }))
    }

    /// Renders `subject_key`/`body_key` in `locale` (English when it has no texts) and sends
    /// it in the background; a failure is logged, not returned.
    pub fn send_later(
        self: &Arc<Self>,
        to: &str,
        locale: &str,
        keys: (&str, &str),
        args: &[(&str, String)],
    ) {
        let Ok(to) = to.parse::<Mailbox>() else {
            tracing::warn!("not an e-mail address; alert not mailed");
            return;
        };
        let subject = crate::i18n::render(locale, crate::i18n::EMAIL, keys.0, args);
        let body = crate::i18n::render(locale, crate::i18n::EMAIL, keys.1, args);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body);
        let message = match message {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %e, "could not build an e-mail");
                return;
            }
        };
        let me = self.clone();
        tokio::spawn(async move {
            match me.transport.send(message).await {
                Ok(_) => tracing::info!("alert e-mail sent"),
                Err(e) => tracing::warn!(error = %e, "could not send an alert e-mail"),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_texts_exist_in_every_language() {
        let args = [("email", "a@example.com".to_owned())];
        assert!(
            crate::i18n::render("en", crate::i18n::EMAIL, "new-device-body", &args)
                .contains("a@example.com")
        );
        assert_eq!(
            crate::i18n::render("zh-CN", crate::i18n::EMAIL, "new-device-subject", &[]),
            "您的 Kefu 账号有新的登录"
        );
    }

    #[test]
    fn plain_smtp_only_to_this_machine_and_the_password_is_never_printed() {
        let s = SmtpSettings {
            host: "smtp.example.com".into(),
            port: Some(25),
            security: SmtpSecurity::None,
            username: Some("u".into()),
            password: Some(Secret("hunter2-secret".into())),
            from: "Kefu <alerts@example.com>".into(),
        };
        assert!(Mailer::new(&s).is_err());
        assert!(!format!("{s:?}").contains("hunter2"));
        let local = SmtpSettings {
            host: "127.0.0.1".into(),
            ..s
        };
        assert!(Mailer::new(&local).is_ok());
    }
}
