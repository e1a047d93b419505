//! One conversation: the visitor's context and history, who handles it, the messages (text and
//! images, the agent's picture), and the reply with canned responses and images.

use super::canned::CannedPicker;
use super::context::{Assign, History};
use super::{new_id, Live};
use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use kefu_api::{AgentFrame, ChatAuthor, ChatMessage};
use leptos::prelude::*;

/// A picture, or the name's first letter in a circle.
#[component]
pub fn Avatar(name: String, src: Option<String>) -> impl IntoView {
    match src {
        Some(src) => {
            view! { <img class="avatar" src=src alt="" width="28" height="28"/> }.into_any()
        }
        None => {
            let letter: String = name
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            view! { <span class="avatar letter" aria-hidden="true">{letter}</span> }.into_any()
        }
    }
}

/// A message's body: its text, and its image as a link to the full picture.
pub fn message_body(m: &ChatMessage, image_label: String) -> impl IntoView {
    let text = (!m.text.is_empty())
        .then(|| view! { <p class="chat-text" dir="auto">{m.text.clone()}</p> });
    let image = m.image.clone().map(|src| {
        let href = src.clone();
        view! {
            <a class="chat-image" href=href target="_blank" rel="noopener noreferrer">
                <img src=src alt=image_label loading="lazy"/>
            </a>
        }
    });
    (text, image)
}

#[component]
pub fn Conversation(live: Live, id: String, me: String) -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let id_c = id.clone();
    let item = Memo::new(move |_| {
        live.items
            .with(|l| l.iter().find(|i| i.id == id_c).cloned())
    });
    let site = Memo::new(move |_| item.get().map(|i| i.site).unwrap_or_default());
    // Our own replies as visitors see them: the display name and picture of the account.
    Effect::new(move |_| {
        let card = s.me.with(|m| {
            m.as_ref().map(|m| kefu_api::AgentCard {
                name: m.display_name.clone(),
                avatar: m.avatar.clone(),
            })
        });
        live.me_card.set_value(card);
    });
    let draft = RwSignal::new(String::new());
    let sending_image = RwSignal::new(false);
    let canned_first = RwSignal::new(None::<String>);
    let typing_at = StoredValue::new(0f64);
    let id_send = id.clone();
    let send = move || {
        let text = draft.get_untracked().trim().to_owned();
        if text.is_empty() {
            return;
        }
        let id = new_id();
        live.sent
            .update_value(|s| s.push((id_send.clone(), id.clone(), text.clone())));
        live.send(&AgentFrame::Send {
            conversation: id_send.clone(),
            id,
            text,
        });
        live.send(&AgentFrame::Typing {
            conversation: id_send.clone(),
            on: false,
        });
        draft.set(String::new());
    };
    let send2 = send.clone();
    let id_typing = id.clone();
    let on_input = move |ev| {
        draft.set(event_target_value(&ev));
        let now = js_sys::Date::now();
        if now - typing_at.get_value() > 3000.0 {
            typing_at.set_value(now);
            live.send(&AgentFrame::Typing {
                conversation: id_typing.clone(),
                on: true,
            });
        }
    };
    let patch = move |body: serde_json::Value| {
        let Some(site) = item.get_untracked().map(|i| i.site) else {
            return;
        };
        let id = item.get_untracked().map(|i| i.id).unwrap_or_default();
        leptos::task::spawn_local(async move {
            match api::update_chat(&site, &id, &body).await {
                Ok(updated) => live.items.update(|l| {
                    if let Some(i) = l.iter_mut().find(|i| i.id == updated.id) {
                        *i = updated;
                    }
                }),
                Err(e) => live.error.set(Some(e.message)),
            }
        });
    };
    let id_image = id.clone();
    let pick_image = move |ev: leptos::ev::Event| {
        let Some(file) = api::picked_file(&ev) else {
            return;
        };
        let loc = s.locale.get_untracked();
        if file.size() > kefu_api::MAX_CHAT_IMAGE_BYTES as f64 {
            live.error.set(Some(t(&loc, "chat-image-too-large")));
            return;
        }
        let (site, conversation) = (site.get_untracked(), id_image.clone());
        sending_image.set(true);
        leptos::task::spawn_local(async move {
            // The stored message reaches this screen over the socket.
            match api::send_chat_image(&site, &conversation, &new_id(), &file).await {
                Ok(_) => live.error.set(None),
                Err(e) if e.code == "unsupported_image" => {
                    live.error.set(Some(t(&loc, "chat-image-unsupported")))
                }
                Err(e) if e.status == 413 => live.error.set(Some(t(&loc, "chat-image-too-large"))),
                Err(e) => live.error.set(Some(e.message)),
            }
            sending_image.set(false);
        });
    };
    let me_take = me.clone();
    let mine = {
        let me = me.clone();
        move || item.get().and_then(|i| i.assignee).as_deref() == Some(me.as_str())
    };
    let id_history = id.clone();
    view! {
        <section class="chat-conversation" aria-labelledby="chat-conv-title">
            {move || item.get().map(|i| {
                let name = i.visitor_name.clone().unwrap_or_else(|| t(&s.locale.get_untracked(), "chat-anonymous"));
                view! {
                    <header class="chat-conv-head">
                        <h2 id="chat-conv-title">{name}</h2>
                        <dl class="chat-context">
                            {i.visitor_email.clone().map(|e| view! { <dt>{tr("chat-email")}</dt><dd>{e}</dd> })}
                            {i.user_id.clone().map(|u| view! { <dt>{tr("chat-verified")}</dt><dd>{u}</dd> })}
                            <dt>{tr("chat-language")}</dt><dd>{i.locale.clone()}</dd>
                            {i.page.clone().map(|p| view! { <dt>{tr("chat-page")}</dt><dd class="chat-page" dir="ltr">{p}</dd> })}
                        </dl>
                    </header>
                }
            })}
            <div class="chat-actions">
                {
                    let me_take = me_take.clone();
                    let mine = mine.clone();
                    move || (!mine()).then(|| {
                        let me_take = me_take.clone();
                        view! {
                            <button type="button" class="secondary"
                                on:click=move |_| patch(serde_json::json!({ "assignee": me_take.clone() }))>
                                {tr("chat-take")}
                            </button>
                        }
                    })
                }
                {move || (!site.get().is_empty()).then(|| view! {
                    <Assign site=site.get() current=Signal::derive(move || item.get().and_then(|i| i.assignee))
                        on_pick=Callback::new(move |a: Option<String>| patch(serde_json::json!({ "assignee": a })))/>
                })}
                <button type="button" class="secondary"
                    on:click=move |_| patch(serde_json::json!({ "status": "closed" }))>
                    {tr("chat-close")}
                </button>
                <button type="button" class="secondary danger"
                    on:click=move |_| {
                        let ok = web_sys::window()
                            .and_then(|w| w.confirm_with_message(&t(&s.locale.get_untracked(), "chat-block-confirm")).ok())
                            .unwrap_or(false);
                        if ok {
                            patch(serde_json::json!({ "block": true }));
                        }
                    }>
                    {tr("chat-block")}
                </button>
            </div>
            {move || (!site.get().is_empty()).then(|| view! { <History site=site.get() id=id_history.clone()/> })}
            <ol class="chat-messages" role="log" aria-live="polite">
                <For each=move || live.messages.get() key=|m| (m.seq, m.agent.clone().map(|a| (a.name, a.avatar))) let:m>
                    {
                        let loc = s.locale.get_untracked();
                        let class = match m.author {
                            ChatAuthor::Visitor => "chat-msg visitor",
                            ChatAuthor::Agent => "chat-msg agent",
                            ChatAuthor::System => "chat-msg system",
                        };
                        let who = match m.author {
                            ChatAuthor::Visitor => t(&loc, "chat-visitor"),
                            _ => m.agent.as_ref().and_then(|a| a.name.clone()).unwrap_or_else(|| t(&loc, "chat-team")),
                        };
                        let avatar = (m.author == ChatAuthor::Agent).then(|| {
                            let src = m.agent.as_ref().and_then(|a| a.avatar.clone());
                            view! { <Avatar name=who.clone() src=src/> }
                        });
                        let seq = m.seq;
                        let agent = m.author == ChatAuthor::Agent;
                        view! {
                            <li class=class data-seq=seq>
                                {avatar}
                                <span class="chat-who">{who}</span>
                                {message_body(&m, t(&loc, "chat-image"))}
                                {agent.then(|| view! {
                                    <span class="chat-state">{move || t(&s.locale.get(), if live.visitor_read.get() >= seq { "chat-read" } else { "chat-delivered" })}</span>
                                })}
                            </li>
                        }
                    }
                </For>
            </ol>
            <p class="chat-typing" aria-live="polite">{move || live.visitor_typing.get().then(|| t(&s.locale.get(), "chat-visitor-typing"))}</p>
            <form class="chat-reply" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <label for="chat-reply-text" class="sr-only">{tr("chat-reply")}</label>
                <textarea id="chat-reply-text" rows="3" maxlength="4000"
                    aria-describedby="chat-reply-hint"
                    prop:value=move || draft.get()
                    on:input=on_input
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.is_composing() {
                            return;
                        }
                        if ev.key() == "ArrowDown" && canned_first.with_untracked(Option::is_some)
                            && super::canned::focus_first()
                        {
                            ev.prevent_default();
                        } else if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            // "/ship" then Enter takes the first canned response shown.
                            match canned_first.get_untracked() {
                                Some(text) => draft.set(text),
                                None => send2(),
                            }
                        }
                    }></textarea>
                {move || (!site.get().is_empty()).then(|| view! {
                    <CannedPicker site=site.get() draft=draft first=canned_first
                        visitor=Signal::derive(move || item.get().and_then(|i| i.visitor_name))/>
                })}
                <p id="chat-reply-hint" class="hint">{tr("chat-reply-hint")}</p>
                <div class="chat-reply-actions">
                    <label class="button secondary" for="chat-image-file"
                        aria-disabled=move || sending_image.get().to_string()>
                        {move || t(&s.locale.get(), if sending_image.get() { "chat-image-sending" } else { "chat-image-send" })}
                    </label>
                    <input id="chat-image-file" class="sr-only" type="file"
                        accept="image/png,image/jpeg,image/gif,image/webp"
                        prop:disabled=move || sending_image.get()
                        on:change=pick_image/>
                    <button type="submit">{tr("chat-send")}</button>
                </div>
            </form>
            {move || item.get().map(|i| t_args(&s.locale.get(), "chat-started", &[("when", crate::tickets::when(&s.locale.get(), i.created_at))])).map(|x| view! { <p class="muted">{x}</p> })}
        </section>
    }
}
