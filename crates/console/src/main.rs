//! The Kefu agents' console: sign-in (password, then a two-step code when on), and the shell
//! that the modules plug into — site settings, the FAQ and its report, the security log and the
//! account for now. A
//! module adds a `Screen`, a navigation entry and its component here.

mod account;
mod api;
mod chat;
mod faq;
mod i18n;
mod invite;
mod login;
mod security;
mod settings;
mod terms;
mod tickets;
mod two_step;

use api::Me;
use leptos::prelude::*;

/// Which screen the shell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Chats,
    ChatReport,
    Tickets,
    TicketReport,
    Settings,
    Faq,
    FaqReport,
    Terms,
    Security,
    Account,
}

/// Shared state of the signed-in console.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub screen: RwSignal<Screen>,
    pub locale: Signal<String>,
    /// A ticket another screen asked the ticket queue to open: (site, reference).
    pub open_ticket: RwSignal<Option<(String, String)>>,
}

fn main() {
    // A panic says where in the browser's console (a bare "unreachable" otherwise).
    std::panic::set_hook(Box::new(|info| {
        let stack = js_sys::Reflect::get(&js_sys::Error::new(""), &"stack".into())
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        web_sys::console::error_1(&format!("kefu console: {info}\n{stack}").into());
    }));
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let locale = Signal::derive(i18n::browser_locale);
    let session = Session {
        me: RwSignal::new(None),
        screen: RwSignal::new(Screen::Settings),
        locale,
        open_ticket: RwSignal::new(None),
    };
    provide_context(session);
    // Only signing in or out swaps the screen; other changes to the account keep it.
    let signed_in = Memo::new(move |_| session.me.with(Option::is_some));
    // A one-time password must be replaced before anything else works (the server agrees).
    let must_change = Memo::new(move |_| {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.must_change_password))
    });
    // Already signed in (a reload)? Ask the server.
    leptos::task::spawn_local(async move {
        if let Ok(me) = api::me().await {
            session.me.set(Some(me));
        }
    });
    view! {
        <div class="app" lang=move || locale.get() dir=move || i18n::direction(&locale.get())>
            {move || match (signed_in.get(), invite::token_from_location()) {
                (false, Some(token)) => view! { <invite::AcceptInvite token=token/> }.into_any(),
                (false, None) => view! { <login::Login/> }.into_any(),
                (true, _) if must_change.get() => view! { <FirstPassword/> }.into_any(),
                (true, _) => view! { <Shell/> }.into_any(),
            }}
        </div>
    }
}

/// After signing in with a one-time password: choose your own, then the console opens.
#[component]
fn FirstPassword() -> impl IntoView {
    let s = expect_context::<Session>();
    let done = Callback::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(me) = api::me().await {
                s.me.set(Some(me));
            }
        });
    });
    view! {
        <div class="login">
            <div class="first-password">
                <p class="help" role="status">{move || i18n::t(&s.locale.get(), "password-must-change")}</p>
                <security::PasswordChange on_done=done/>
            </div>
        </div>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let s = expect_context::<Session>();
    let t = move |k: &'static str| move || i18n::t(&s.locale.get(), k);
    let nav = move |screen: Screen, key: &'static str| {
        view! {
            <button
                type="button"
                class="nav-item"
                aria-current=move || (s.screen.get() == screen).then_some("page")
                on:click=move |_| s.screen.set(screen)
            >
                {t(key)}
            </button>
        }
    };
    // Settings are for admins; agents start on (and only see) their account.
    let is_admin = move || {
        s.me.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.sites.iter().any(|x| x.role == "admin"))
        })
    };
    // Live chat shows for members of a site that offers it; its socket lives as long as the
    // shell, so the agent stays online (and hears of new chats) on every screen.
    let has_chat = move || {
        s.me.with(|m| m.as_ref().is_some_and(|m| m.sites.iter().any(|x| x.chat)))
    };
    if s.me
        .with_untracked(|m| m.as_ref().is_some_and(|m| m.sites.iter().any(|x| x.chat)))
    {
        chat::connect_team(s.me.get_untracked().map(|m| m.id).unwrap_or_default());
    }
    Effect::new(move |_| {
        if !is_admin()
            && matches!(
                s.screen.get(),
                Screen::Settings | Screen::Security | Screen::Faq | Screen::Terms
            )
        {
            s.screen.set(Screen::Account);
        }
    });
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::logout().await;
            s.me.set(None);
        });
    };
    view! {
        <header class="topbar">
            <span class="brand">{t("app-name")}</span>
            <span class="who">{move || s.me.get().map(|m| m.email)}</span>
        </header>
        <div class="layout">
            <nav class="sidebar" aria-label=t("nav-label")>
                {move || has_chat().then(|| nav(Screen::Chats, "nav-chats"))}
                {move || has_chat().then(|| nav(Screen::ChatReport, "nav-chat-report"))}
                {nav(Screen::Tickets, "nav-tickets")}
                {nav(Screen::TicketReport, "nav-ticket-report")}
                {move || is_admin().then(|| nav(Screen::Settings, "nav-settings"))}
                {move || is_admin().then(|| nav(Screen::Faq, "nav-faq"))}
                {nav(Screen::FaqReport, "nav-faq-report")}
                {move || is_admin().then(|| nav(Screen::Terms, "nav-terms"))}
                {move || is_admin().then(|| nav(Screen::Security, "nav-security"))}
                {nav(Screen::Account, "nav-account")}
                <button type="button" class="nav-item sign-out" on:click=sign_out>{t("nav-sign-out")}</button>
            </nav>
            <main class="content">
                {move || match s.screen.get() {
                    Screen::Settings if is_admin() => view! { <settings::Settings/> }.into_any(),
                    Screen::Security if is_admin() => view! { <security::AuditLog/> }.into_any(),
                    Screen::Faq if is_admin() => view! { <faq::FaqEditor/> }.into_any(),
                    Screen::FaqReport => view! { <faq::FaqReport/> }.into_any(),
                    Screen::Terms if is_admin() => view! { <terms::TermsEditor/> }.into_any(),
                    Screen::Chats => view! { <chat::Chats/> }.into_any(),
                    Screen::ChatReport => view! { <chat::ChatReport/> }.into_any(),
                    Screen::Tickets => view! { <tickets::Tickets/> }.into_any(),
                    Screen::TicketReport => view! { <tickets::TicketReport/> }.into_any(),
                    Screen::Settings | Screen::Security | Screen::Faq | Screen::Terms => ().into_any(),
                    Screen::Account => view! { <account::Account/> }.into_any(),
                }}
            </main>
        </div>
    }
}
