//! E-mail through the operator's SMTP server (lettre): security alerts for now (R23).
//! Configured by `KEFU_SMTP_*`; without it nothing is sent and alerts stay in the console.
//! Sending never delays or fails the request that caused it, and the password is never
//! logged (`Secret`'s `Debug` hides it).

use anyhow::{bail, Context as _};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
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

/// E-mail texts, compiled in: `locales/<lang>/email.ftl`.
const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../../../locales/en/email.ftl")),
    ("zh-CN", include_str!("../../../locales/zh-CN/email.ftl")),
];

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
        let subject = render(locale, keys.0, args);
        let body = render(locale, keys.1, args);
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

/// One message of `email.ftl` in `locale`, without Unicode isolation marks (plain text mail).
pub fn render(locale: &str, key: &str, args: &[(&str, String)]) -> String {
    let source = SOURCES
        .iter()
        .find(|(tag, _)| *tag == locale)
        .unwrap_or(&SOURCES[0]);
    let lang = source.0.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    bundle.set_use_isolating(false);
    let res = FluentResource::try_new(source.1.to_owned()).unwrap_or_else(|(r, _)| r);
    let _ = bundle.add_resource(res);
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, v.clone());
    }
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_owned();
    };
    let mut errors = vec![];
    bundle
        .format_pattern(pattern, Some(&fa), &mut errors)
        .into_owned()
}

/// The e-mail locale for a request's `Accept-Language`: `zh-CN` for Chinese, else English.
pub fn locale_for(accept_language: &str) -> &'static str {
    let requested: Vec<unic_langid::LanguageIdentifier> = accept_language
        .split(',')
        .filter_map(|p| p.split(';').next()?.trim().parse().ok())
        .collect();
    let available: Vec<unic_langid::LanguageIdentifier> =
        SOURCES.iter().filter_map(|(t, _)| t.parse().ok()).collect();
    let en: unic_langid::LanguageIdentifier = "en".parse().unwrap_or_default();
    let chosen = fluent_langneg::negotiate_languages(
        &requested,
        &available,
        Some(&en),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    let tag = chosen.first().map(|l| l.to_string()).unwrap_or_default();
    SOURCES
        .iter()
        .find(|(t, _)| *t == tag)
        .map_or("en", |(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_render_in_the_requested_language_with_arguments() {
        let args = [("email", "a@example.com".to_owned())];
        assert!(render("en", "new-device-body", &args).contains("a@example.com"));
        assert_eq!(
            render("zh-CN", "new-device-subject", &[]),
            "您的 Kefu 账号有新的登录"
        );
        assert_eq!(locale_for("zh-CN,zh;q=0.9,en;q=0.8"), "zh-CN");
        assert_eq!(locale_for("zh"), "zh-CN");
        assert_eq!(locale_for("fr-FR,fr;q=0.9"), "en");
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
