//! The FAQ of a site: categories and articles, each article with a question, a Markdown
//! answer and keywords per locale, draft or published, in the order of the lists.
//!
//! - [`Faq`] is the whole knowledge base as imported, exported and stored; [`Faq::validate`]
//!   checks it against the site (ids, categories, content languages, limits), naming the field.
//! - [`Faq::render`] turns every answer into sanitized HTML once, on save (`markdown`).
//! - [`payload`] is what the widget loads: the published articles in one locale, those missing
//!   in it taken from the site's default locale and marked so.
//! - `folder` reads and writes the documented folder format (`kefu faq import/export`).

pub mod folder;
pub mod markdown;

use crate::site::file::{err, problem, validate_id, Localized, SiteFile, SiteFileError};
use kefu_api::{FaqCategory, FaqEntry, FaqPayload};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

pub const MAX_CATEGORIES: usize = 100;
pub const MAX_ARTICLES: usize = 5_000;
pub const MAX_QUESTION: usize = 300;
/// Markdown answer, in bytes.
pub const MAX_ANSWER: usize = 20_000;
pub const MAX_KEYWORDS: usize = 30;
pub const MAX_KEYWORD: usize = 60;
const MAX_NAME: usize = 100;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    #[serde(default)]
    pub categories: Vec<Category>,
    #[serde(default)]
    pub articles: Vec<Article>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    /// Name per locale.
    pub name: Localized,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Draft,
    Published,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "draft" => Some(Status::Draft),
            "published" => Some(Status::Published),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub id: String,
    pub category: String,
    #[serde(default)]
    pub status: Status,
    /// One entry per locale the article is written in.
    pub translations: BTreeMap<String, Translation>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    pub question: String,
    /// Markdown.
    pub answer: String,
    /// Keywords and synonyms a visitor might search with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The answer rendered and sanitized; filled by [`Faq::render`] and by the store.
    #[serde(skip)]
    pub html: String,
}

fn too_long(field: String, max: usize) -> SiteFileError {
    err(field, problem("site-length", &[("max", &max)]))
}

impl Faq {
    /// Checks ids, references, languages and limits against the site; the first problem found
    /// is returned with its field path (`articles[3].translations.ja.question`).
    pub fn validate(&self, site: &SiteFile) -> Result<(), SiteFileError> {
        if self.categories.len() > MAX_CATEGORIES {
            return Err(err(
                "categories",
                problem("site-too-many", &[("max", &MAX_CATEGORIES)]),
            ));
        }
        if self.articles.len() > MAX_ARTICLES {
            return Err(err(
                "articles",
                problem("site-too-many", &[("max", &MAX_ARTICLES)]),
            ));
        }
        let locales: HashSet<&str> = site.locales.iter().map(String::as_str).collect();
        let mut categories = HashSet::new();
        for (i, c) in self.categories.iter().enumerate() {
            validate_id(&format!("categories[{i}].id"), &c.id)?;
            if !categories.insert(c.id.as_str()) {
                return Err(err(
                    format!("categories[{i}].id"),
                    problem("site-listed-twice", &[("value", &c.id)]),
                ));
            }
            for (locale, name) in &c.name {
                let field = format!("categories[{i}].name.{locale}");
                if !locales.contains(locale.as_str()) {
                    return Err(err(
                        field,
                        problem("site-locale-not-listed", &[("value", locale)]),
                    ));
                }
                if name.trim().is_empty() || name.chars().count() > MAX_NAME {
                    return Err(too_long(field, MAX_NAME));
                }
            }
        }
        let mut ids = HashSet::new();
        for (i, a) in self.articles.iter().enumerate() {
            validate_id(&format!("articles[{i}].id"), &a.id)?;
            if !ids.insert(a.id.as_str()) {
                return Err(err(
                    format!("articles[{i}].id"),
                    problem("site-listed-twice", &[("value", &a.id)]),
                ));
            }
            if !categories.contains(a.category.as_str()) {
                return Err(err(
                    format!("articles[{i}].category"),
                    problem("faq-unknown-category", &[("value", &a.category)]),
                ));
            }
            if a.translations.is_empty() {
                return Err(err(
                    format!("articles[{i}].translations"),
                    problem("faq-no-translation", &[]),
                ));
            }
            for (locale, t) in &a.translations {
                let at = format!("articles[{i}].translations.{locale}");
                if !locales.contains(locale.as_str()) {
                    return Err(err(
                        at,
                        problem("site-locale-not-listed", &[("value", locale)]),
                    ));
                }
                if t.question.trim().is_empty() || t.question.chars().count() > MAX_QUESTION {
                    return Err(too_long(format!("{at}.question"), MAX_QUESTION));
                }
                if t.answer.trim().is_empty() || t.answer.len() > MAX_ANSWER {
                    return Err(err(
                        format!("{at}.answer"),
                        problem("faq-answer-length", &[("max", &MAX_ANSWER)]),
                    ));
                }
                if t.keywords.len() > MAX_KEYWORDS {
                    return Err(err(
                        format!("{at}.keywords"),
                        problem("site-too-many", &[("max", &MAX_KEYWORDS)]),
                    ));
                }
                for (k, word) in t.keywords.iter().enumerate() {
                    if word.trim().is_empty() || word.chars().count() > MAX_KEYWORD {
                        return Err(too_long(format!("{at}.keywords[{k}]"), MAX_KEYWORD));
                    }
                }
            }
        }
        Ok(())
    }

    /// Renders every answer to sanitized HTML (done once, when the FAQ is saved).
    pub fn render(&mut self) {
        for a in &mut self.articles {
            for t in a.translations.values_mut() {
                t.html = markdown::render(&t.answer);
            }
        }
    }
}

/// The published FAQ in `locale`, in the order of the lists. An article not written in
/// `locale` is given in the site's default locale with `fallback` set; one written in neither
/// is left out. `popular` lists article ids, most viewed first.
pub fn payload(site: &SiteFile, faq: &Faq, locale: &str, popular: &[String]) -> FaqPayload {
    let default = site.default_locale.as_str();
    let mut articles = vec![];
    for a in faq
        .articles
        .iter()
        .filter(|a| a.status == Status::Published)
    {
        let (t, fallback) = match a.translations.get(locale) {
            Some(t) => (t, None),
            None => match a.translations.get(default) {
                Some(t) => (t, Some(default.to_owned())),
                None => continue,
            },
        };
        articles.push(FaqEntry {
            id: a.id.clone(),
            category: a.category.clone(),
            question: t.question.clone(),
            keywords: t.keywords.clone(),
            html: t.html.clone(),
            fallback,
        });
    }
    let shown: HashSet<&str> = articles
        .iter()
        .map(|a| a.category.as_str())
        .collect::<HashSet<_>>();
    let categories = faq
        .categories
        .iter()
        .filter(|c| shown.contains(c.id.as_str()))
        .map(|c| FaqCategory {
            id: c.id.clone(),
            name: c
                .name
                .get(locale)
                .or_else(|| c.name.get(default))
                .or_else(|| c.name.values().next())
                .cloned()
                .unwrap_or_else(|| c.id.clone()),
        })
        .collect();
    let ids: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let mut popular: Vec<String> = popular
        .iter()
        .filter(|id| ids.contains(id.as_str()))
        .take(POPULAR)
        .cloned()
        .collect();
    // Too few views yet: the first articles of the list fill up.
    for a in &articles {
        if popular.len() >= POPULAR {
            break;
        }
        if !popular.contains(&a.id) {
            popular.push(a.id.clone());
        }
    }
    FaqPayload {
        site: site.id.clone(),
        locale: locale.to_owned(),
        categories,
        articles,
        popular,
    }
}

/// One search result of [`search`], as `kefu faq search --json` prints it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Found {
    pub id: String,
    pub question: String,
    pub score: f32,
    /// Byte ranges of the question that matched.
    pub highlights: Vec<(usize, usize)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

/// Searches a payload with the engine the widget runs (`kefu_search`), best first.
pub fn search(payload: &FaqPayload, query: &str, limit: usize) -> Vec<Found> {
    let docs: Vec<kefu_search::Doc> = payload
        .articles
        .iter()
        .map(|a| kefu_search::Doc {
            question: a.question.clone(),
            keywords: a.keywords.join(" "),
            answer: kefu_search::text_of_html(&a.html),
        })
        .collect();
    let index = kefu_search::Index::build(&docs);
    index
        .search(query, limit)
        .into_iter()
        .map(|hit| {
            let a = &payload.articles[hit.doc];
            Found {
                id: a.id.clone(),
                question: a.question.clone(),
                score: hit.score,
                highlights: hit.highlights,
                fallback: a.fallback.clone(),
            }
        })
        .collect()
}

/// Articles shown when the search box is empty.
pub const POPULAR: usize = 5;

/// Which locales of the site each article lacks (the console's "missing translations").
pub fn missing_translations(site: &SiteFile, article: &Article) -> Vec<String> {
    site.locales
        .iter()
        .filter(|l| !article.translations.contains_key(*l))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests;

/// `kefu faq import`: reads, validates against the site, renders and stores a FAQ folder in
/// one transaction; returns the number of articles.
pub async fn import(
    store: &dyn crate::store::Store,
    site: &str,
    dir: &std::path::Path,
) -> anyhow::Result<usize> {
    let stored = store
        .site(site)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no site is called `{site}`"))?;
    let mut faq = folder::read(dir)?;
    faq.validate(&stored.site)
        .map_err(|e| anyhow::anyhow!("{}: invalid FAQ: {e}", dir.display()))?;
    faq.render();
    store.replace_faq(site, &faq).await?;
    Ok(faq.articles.len())
}

/// `kefu faq export`: writes the site's FAQ as a folder; returns the number of articles.
pub async fn export(
    store: &dyn crate::store::Store,
    site: &str,
    dir: &std::path::Path,
) -> anyhow::Result<usize> {
    if store.site(site).await?.is_none() {
        anyhow::bail!("no site is called `{site}`");
    }
    let faq = store.faq(site).await?;
    folder::write(&faq, dir)?;
    Ok(faq.articles.len())
}

/// `kefu faq search`: the published FAQ in `locale` (negotiated like the widget's), searched.
pub async fn search_site(
    store: &dyn crate::store::Store,
    site: &str,
    locale: &str,
    query: &str,
    limit: usize,
) -> anyhow::Result<Vec<Found>> {
    let stored = store
        .site(site)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no site is called `{site}`"))?;
    let prefs: Vec<unic_langid::LanguageIdentifier> = locale
        .parse()
        .map(|l| vec![l])
        .map_err(|_| anyhow::anyhow!("`{locale}` is not a language tag like en or zh-CN"))?;
    let locale = crate::site::localize::negotiate(&stored.site, &prefs);
    let faq = store.faq(site).await?;
    let payload = payload(&stored.site, &faq, &locale, &[]);
    Ok(search(&payload, query, limit))
}
