//! The FAQ for a site's admins: categories and articles, each article's question, Markdown
//! answer and keywords per language, draft or published, in order; which translations are
//! missing; saved back whole (the server validates, renders and sanitizes the answers, and a
//! refused field is shown next to its input). And the report every member may read: the most
//! viewed, most and least helpful articles and the searches that found nothing (R18).

use crate::api;
use crate::i18n::{t, t_args};
use crate::settings::{list_text, locales_of, parse_list, pointer_of, save_outcome, Editor};
use crate::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{json, Value};

/// The sites the signed-in account has `role` on (any role when `None`).
pub(crate) fn sites_of(s: Session, admin_only: bool) -> Vec<String> {
    s.me.get_untracked()
        .map(|m| {
            m.sites
                .into_iter()
                .filter(|x| !admin_only || x.role == "admin")
                .map(|x| x.site)
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn site_picker(s: Session, sites: Vec<String>, site: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="site-picker">
            <label for="faq-site">{move || t(&s.locale.get(), "settings-site")}</label>
            <select id="faq-site" on:change=move |ev| site.set(event_target_value(&ev))>
                {sites.iter().map(|id| view! { <option value=id.clone()>{id.clone()}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// The article's question in the first of `locales` it is written in.
fn title_of(article: &Value, locales: &[String]) -> String {
    locales
        .iter()
        .find_map(|l| article["translations"][l]["question"].as_str())
        .filter(|q| !q.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| article["id"].as_str().unwrap_or_default().to_owned())
}

/// Site languages the article has no question or answer in.
fn missing_of(article: &Value, locales: &[String]) -> Vec<String> {
    locales
        .iter()
        .filter(|l| {
            let tr = &article["translations"][l.as_str()];
            tr["question"].as_str().unwrap_or("").is_empty()
                || tr["answer"].as_str().unwrap_or("").is_empty()
        })
        .cloned()
        .collect()
}

/// The document as sent: translations left empty are removed (not written in that language).
fn prune(mut doc: Value) -> Value {
    if let Some(articles) = doc["articles"].as_array_mut() {
        for a in articles {
            if let Some(tr) = a["translations"].as_object_mut() {
                tr.retain(|_, v| {
                    !(v["question"].as_str().unwrap_or("").is_empty()
                        && v["answer"].as_str().unwrap_or("").is_empty())
                });
            }
        }
    }
    doc
}

/// A fresh id `prefix-N` not used in the list at `pointer`.
fn fresh_id(ed: Editor, pointer: &str, prefix: &str) -> String {
    let used: Vec<String> = ed
        .get(pointer)
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (1..)
        .map(|n| format!("{prefix}-{n}"))
        .find(|id| !used.contains(id))
        .unwrap_or_default()
}

#[component]
pub fn FaqEditor() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let sites = sites_of(s, true);
    let site = RwSignal::new(sites.first().cloned().unwrap_or_default());
    let ed = Editor::new(s.locale);
    // The site's content languages, default first.
    let locales = RwSignal::new(Vec::<String>::new());
    let selected = RwSignal::new(None::<usize>);
    let status = RwSignal::new(None::<(bool, String)>);
    let saving = RwSignal::new(false);

    Effect::new(move |_| {
        let id = site.get();
        ed.doc.set(None);
        ed.error.set(None);
        selected.set(None);
        status.set(None);
        spawn_local(async move {
            let settings = api::settings(&id).await;
            let faq = api::faq(&id).await;
            // An answer for a site no longer chosen must not replace what is being edited.
            // (Nor anything once the editor is gone.)
            if site.try_get_untracked().as_ref() != Some(&id) {
                return;
            }
            if let Ok(settings) = settings {
                locales.set(locales_of(&settings));
            }
            ed.doc.set(faq.ok());
        });
    });
    Effect::new(move |_| {
        ed.doc.track();
        status.set(None);
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(body) = ed.doc.get_untracked() else {
            return;
        };
        let id = site.get_untracked();
        saving.set(true);
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            let result = api::save_faq(&id, &prune(body)).await;
            saving.set(false);
            // Show the article a field error is about.
            if let Some(i) = result
                .as_ref()
                .err()
                .and_then(|e| e.field.as_deref())
                .map(pointer_of)
                .and_then(|at| {
                    at.strip_prefix("/articles/")
                        .and_then(|r| r.split('/').next())
                        .and_then(|i| i.parse().ok())
                })
            {
                selected.set(Some(i));
            }
            status.set(Some(save_outcome(
                ed,
                result.map(|_| ()),
                &loc,
                "faq-saved",
            )));
        });
    };

    let add_article = move |category: String| {
        let id = fresh_id(ed, "/articles", "article");
        let default = locales.get_untracked().first().cloned().unwrap_or_default();
        ed.edit_list("/articles", |list| {
            list.push(json!({
                "id": id,
                "category": category,
                "status": "draft",
                "translations": { default: { "question": "", "answer": "" } },
            }));
        });
        selected.set(Some(ed.get("/articles").as_array().map_or(1, Vec::len) - 1));
    };

    let new_category = RwSignal::new(String::new());
    let add_category = move |_| {
        let name = new_category.get_untracked().trim().to_owned();
        if name.is_empty() {
            return;
        }
        let id = fresh_id(ed, "/categories", "category");
        let default = locales.get_untracked().first().cloned().unwrap_or_default();
        ed.edit_list("/categories", |list| {
            list.push(json!({ "id": id, "name": { default: name } }));
        });
        new_category.set(String::new());
    };

    let categories = Memo::new(move |_| {
        ed.get("/categories")
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        let id = c["id"].as_str().unwrap_or_default().to_owned();
                        let name = locales
                            .get()
                            .iter()
                            .find_map(|l| c["name"][l].as_str().map(str::to_owned))
                            .unwrap_or_else(|| id.clone());
                        (id, name)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });

    let article_count = ed.len_of("/articles");
    // Per article: (category, title, draft, missing languages); the list redraws only when
    // one of these changes.
    let rows = Memo::new(move |_| {
        let locs = locales.get();
        ed.get("/articles")
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        (
                            x["category"].as_str().unwrap_or_default().to_owned(),
                            title_of(x, &locs),
                            x["status"].as_str() != Some("published"),
                            missing_of(x, &locs),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });

    // The list: per category, its articles (title, status, missing languages).
    let list = move || {
        let articles = rows.get();
        categories
            .get()
            .into_iter()
            .map(|(cid, name)| {
                let items = articles
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.0 == cid)
                    .map(|(i, (_, title, draft, missing))| {
                        let (title, draft, missing) = (title.clone(), *draft, missing.clone());
                        view! {
                            <li>
                                <button type="button" class="faq-item"
                                    aria-current=move || (selected.get() == Some(i)).then_some("true")
                                    on:click=move |_| selected.set(Some(i))>
                                    <span class="faq-item-title">{title}</span>
                                    {draft.then(|| view! { <span class="badge">{tr("faq-status-draft")}</span> })}
                                    {(!missing.is_empty()).then(|| {
                                        let m = missing.join(", ");
                                        view! {
                                            <span class="badge missing">
                                                {move || t_args(&s.locale.get(), "faq-missing", &[("locales", m.clone())])}
                                            </span>
                                        }
                                    })}
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                let add_to = cid.clone();
                view! {
                    <section class="faq-category" data-category=cid.clone()>
                        <h3>{name}</h3>
                        <ul class="faq-items">{items}</ul>
                        <button type="button" class="link" on:click=move |_| add_article(add_to.clone())>
                            {tr("faq-new-article")}
                        </button>
                    </section>
                }
            })
            .collect_view()
    };

    view! {
        <h1>{tr("faq-title")}</h1>
        {site_picker(s, sites, site)}
        {move || match ed.doc.with(Option::is_some) {
            false => view! { <p role="status">{tr("faq-loading")}</p> }.into_any(),
            true => view! {
                <form class="faq-layout" on:submit=save novalidate>
                    <div class="faq-list">
                        {list}
                        <div class="faq-new-category">
                            <label for="faq-new-category">{tr("faq-new-category")}</label>
                            <input id="faq-new-category" maxlength="100"
                                prop:value=move || new_category.get()
                                on:input=move |ev| new_category.set(event_target_value(&ev))/>
                            <button type="button" on:click=add_category>{tr("faq-add-category")}</button>
                        </div>
                    </div>
                    <div class="faq-editor">
                        {move || match selected.get() {
                            // Only the number of articles is tracked: typing must not redraw
                            // (and so unfocus) the editor.
                            Some(i) if i < article_count.get() => {
                                article_editor(ed, i, locales, categories, selected).into_any()
                            }
                            _ => view! { <p class="help">{tr("faq-select")}</p> }.into_any(),
                        }}
                    </div>
                    <div class="save-bar">
                        <button type="submit" class="primary" disabled=move || saving.get()>{tr("faq-save")}</button>
                        <p class="status" role="status" class:ok=move || status.get().is_some_and(|(ok, _)| ok)>
                            {move || status.get().map(|(_, m)| m)}
                        </p>
                    </div>
                </form>
            }.into_any(),
        }}
    }
}

/// One input bound to a text at `pointer`, with its label and the server's error under it.
pub(crate) fn text_input(
    ed: Editor,
    id: String,
    label: impl Fn() -> String + Send + Sync + 'static,
    pointer: String,
    multiline: bool,
    lang: Option<String>,
) -> impl IntoView {
    let read = pointer.clone();
    let err = pointer.clone();
    let err2 = pointer.clone();
    let described = format!("err-{id}");
    let input = if multiline {
        view! {
            <textarea id=id.clone() rows="8" lang=lang aria-describedby=described.clone()
                aria-invalid=move || ed.error_at(&err2).map(|_| "true")
                prop:value=move || ed.text(&read)
                on:input=move |ev| ed.set(&pointer, Value::String(event_target_value(&ev)))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() lang=lang aria-describedby=described.clone()
                aria-invalid=move || ed.error_at(&err2).map(|_| "true")
                prop:value=move || ed.text(&read)
                on:input=move |ev| ed.set(&pointer, Value::String(event_target_value(&ev)))/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            <p class="field-error" id=described>{move || ed.error_at(&err)}</p>
        </div>
    }
}

fn article_editor(
    ed: Editor,
    i: usize,
    locales: RwSignal<Vec<String>>,
    categories: Memo<Vec<(String, String)>>,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let loc = ed.locale;
    let tr = move |k: &'static str| move || t(&loc.get(), k);
    let at = format!("/articles/{i}");
    let count = move || ed.get("/articles").as_array().map_or(0, Vec::len);
    let move_by = move |delta: isize| {
        let j = i as isize + delta;
        if j < 0 || j as usize >= count() {
            return;
        }
        ed.edit_list("/articles", |list| list.swap(i, j as usize));
        selected.set(Some(j as usize));
    };
    let delete = move |_| {
        ed.edit_list("/articles", |list| {
            if i < list.len() {
                list.remove(i);
            }
        });
        selected.set(None);
    };
    let category_at = format!("{at}/category");
    let category_read = category_at.clone();
    let status_at = format!("{at}/status");
    let status_read = status_at.clone();
    let translations = move || {
        locales
            .get()
            .into_iter()
            .map(|l| {
                let base = format!("{at}/translations/{l}");
                let kw_at = format!("{base}/keywords");
                let kw_read = kw_at.clone();
                let kw_err = kw_at.clone();
                let legend = l.clone();
                view! {
                    <fieldset class="faq-translation" data-locale=l.clone()>
                        <legend>{legend}</legend>
                        {text_input(ed, format!("faq-{i}-{l}-question"), tr("faq-question"),
                            format!("{base}/question"), false, Some(l.clone()))}
                        <div class="field">
                            <label for=format!("faq-{i}-{l}-keywords")>{tr("faq-keywords")}</label>
                            <input id=format!("faq-{i}-{l}-keywords") lang=l.clone()
                                prop:value=move || list_text(&ed.get(&kw_read), ", ")
                                on:change=move |ev| {
                                    let v = parse_list(&event_target_value(&ev));
                                    if v.as_array().is_some_and(Vec::is_empty) { ed.remove(&kw_at) } else { ed.set(&kw_at, v) }
                                }/>
                            <p class="help">{tr("faq-keywords-help")}</p>
                            <p class="field-error">{move || ed.error_at(&kw_err)}</p>
                        </div>
                        {text_input(ed, format!("faq-{i}-{l}-answer"), tr("faq-answer"),
                            format!("{base}/answer"), true, Some(l.clone()))}
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <div class="faq-article" data-index=i.to_string()>
            {text_input(ed, format!("faq-{i}-id"), tr("faq-article-id"), format!("/articles/{i}/id"), false, None)}
            <div class="field">
                <label for=format!("faq-{i}-category")>{tr("faq-category")}</label>
                <select id=format!("faq-{i}-category")
                    on:change=move |ev| ed.set(&category_at, Value::String(event_target_value(&ev)))>
                    {move || categories.get().into_iter().map(|(id, name)| {
                        let current = ed.text(&category_read) == id;
                        view! { <option value=id.clone() selected=current>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=format!("faq-{i}-status")>{tr("faq-status")}</label>
                <select id=format!("faq-{i}-status")
                    on:change=move |ev| ed.set(&status_at, Value::String(event_target_value(&ev)))>
                    <option value="draft" selected=move || ed.text(&status_read) != "published">{tr("faq-status-draft")}</option>
                    <option value="published" selected=move || ed.text(&format!("/articles/{i}/status")) == "published">{tr("faq-status-published")}</option>
                </select>
            </div>
            <div class="row-actions">
                <button type="button" on:click=move |_| move_by(-1)>{tr("faq-move-up")}</button>
                <button type="button" on:click=move |_| move_by(1)>{tr("faq-move-down")}</button>
                <button type="button" class="danger" on:click=delete>{tr("faq-delete")}</button>
            </div>
            <p class="help">{tr("faq-answer-help")}</p>
            {translations}
        </div>
    }
}

#[component]
pub fn FaqReport() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let sites = sites_of(s, false);
    let site = RwSignal::new(sites.first().cloned().unwrap_or_default());
    let report = RwSignal::new(None::<kefu_api::FaqReport>);
    Effect::new(move |_| {
        let id = site.get();
        report.set(None);
        spawn_local(async move {
            report.set(api::faq_report(&id).await.ok());
        });
    });
    let articles = move |title: &'static str, rows: Vec<kefu_api::FaqArticleStats>| {
        view! {
            <section class="report-part">
                <h2>{tr(title)}</h2>
                {if rows.is_empty() {
                    view! { <p class="help">{tr("report-empty")}</p> }.into_any()
                } else {
                    view! {
                        <table class="report">
                            <thead><tr>
                                <th>{tr("faq-question")}</th>
                                <th>{tr("report-views")}</th>
                                <th>{tr("report-yes")}</th>
                                <th>{tr("report-no")}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr data-article=r.id.clone()>
                                        <td>{r.question}</td>
                                        <td>{r.views}</td>
                                        <td>{r.helpful}</td>
                                        <td>{r.unhelpful}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        }
    };
    view! {
        <h1>{tr("report-title")}</h1>
        {site_picker(s, sites, site)}
        {move || match report.get() {
            None => view! { <p role="status">{tr("faq-loading")}</p> }.into_any(),
            Some(r) => view! {
                {articles("report-most-viewed", r.most_viewed)}
                {articles("report-most-helpful", r.most_helpful)}
                {articles("report-least-helpful", r.least_helpful)}
                <section class="report-part">
                    <h2>{tr("report-misses")}</h2>
                    {if r.top_misses.is_empty() {
                        view! { <p class="help">{tr("report-empty")}</p> }.into_any()
                    } else {
                        view! {
                            <table class="report misses">
                                <thead><tr>
                                    <th>{tr("report-query")}</th>
                                    <th>{tr("report-locale")}</th>
                                    <th>{tr("report-count")}</th>
                                </tr></thead>
                                <tbody>
                                    {r.top_misses.into_iter().map(|m| view! {
                                        <tr><td lang=m.locale.clone()>{m.query}</td><td>{m.locale.clone()}</td><td>{m.count}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
            }.into_any(),
        }}
    }
}
