//! The FAQ folder format of `kefu faq import SITE DIR` and `kefu faq export SITE [DIR]`:
//!
//! ```text
//! DIR/categories.toml               the categories, in order:
//!                                     [[category]]
//!                                     id = "account"
//!                                     name = { en = "Account", zh-CN = "账户" }
//! DIR/<category>/<article>.<locale>.md
//!                                   one article in one language: TOML front matter between
//!                                   `+++` lines, then the answer in Markdown:
//!                                     +++
//!                                     question = "How do I reset my password?"
//!                                     keywords = ["forgot password", "log in"]
//!                                     status = "published"   # or "draft" (default: published)
//!                                     order = 10             # position in the category
//!                                     +++
//!                                     Open **Sign in** and choose …
//! ```
//!
//! An article's `status` and `order` belong to the article, so every language's file of it
//! must agree on them (or leave them out). Articles are ordered by category, then `order`, then
//! id. A file that does not fit is refused with its path, and nothing is imported.

use super::{Article, Category, Faq, Status, Translation};
use crate::site::file::Localized;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct FolderError {
    pub path: String,
    pub message: String,
}

fn fail(path: &Path, message: impl Into<String>) -> FolderError {
    FolderError {
        path: path.display().to_string(),
        message: message.into(),
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    #[serde(default)]
    category: Vec<CategoryEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryEntry {
    id: String,
    name: Localized,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    question: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    order: Option<i64>,
}

/// Splits `+++\nfront\n+++\nbody` (after normalizing line ends).
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++")?;
    let front = &rest[..end + 1];
    let body = rest[end + 4..].trim_start_matches([' ', '\t']);
    let body = body.strip_prefix('\n').unwrap_or(body);
    Some((front, body))
}

/// One parsed article file.
struct ArticleFile {
    path: PathBuf,
    id: String,
    locale: String,
    front: FrontMatter,
    body: String,
}

fn read_article(path: &Path, raw: &str) -> Result<ArticleFile, FolderError> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| fail(path, "the file name is not UTF-8"))?;
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let (id, locale) = stem.split_once('.').ok_or_else(|| {
        fail(
            path,
            "name article files <article>.<locale>.md, e.g. reset-password.en.md",
        )
    })?;
    let text = raw.replace("\r\n", "\n");
    let text = text.trim_start_matches('\u{feff}');
    let (front, body) = split_front_matter(text).ok_or_else(|| {
        fail(
            path,
            "start the file with front matter between two +++ lines (question = \"…\")",
        )
    })?;
    let front: FrontMatter = toml::from_str(front).map_err(|e| fail(path, e.message()))?;
    Ok(ArticleFile {
        path: path.to_owned(),
        id: id.to_owned(),
        locale: locale.to_owned(),
        front,
        body: body.trim_end().to_owned(),
    })
}

/// The `.md` files of one category folder on disk, sorted by name, with their text.
fn files_on_disk(folder: &Path) -> Result<Vec<(PathBuf, String)>, FolderError> {
    if !folder.is_dir() {
        return Ok(vec![]);
    }
    let mut paths = vec![];
    for entry in std::fs::read_dir(folder).map_err(|e| fail(folder, e.to_string()))? {
        let path = entry.map_err(|e| fail(folder, e.to_string()))?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("md") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| fail(&p, e.to_string()))?;
            Ok((p, text))
        })
        .collect()
}

/// Reads a FAQ folder. The result still has to pass [`Faq::validate`] against the site.
pub fn read(dir: &Path) -> Result<Faq, FolderError> {
    let cat_path = dir.join("categories.toml");
    let text = std::fs::read_to_string(&cat_path).map_err(|e| fail(&cat_path, e.to_string()))?;
    read_with(&cat_path, &text, &|category| {
        files_on_disk(&dir.join(category))
    })
}

/// Reads the FAQ folder embedded in the binary (the demo site's).
pub fn read_embedded(dir: &include_dir::Dir<'static>) -> Result<Faq, FolderError> {
    let cat_path = Path::new("categories.toml");
    let text = dir
        .get_file(cat_path)
        .and_then(|f| f.contents_utf8())
        .ok_or_else(|| fail(cat_path, "missing"))?;
    read_with(cat_path, text, &|category| {
        let mut files: Vec<(PathBuf, String)> = dir
            .get_dir(category)
            .map(|d| {
                d.files()
                    .filter(|f| f.path().extension().and_then(|e| e.to_str()) == Some("md"))
                    .map(|f| {
                        (
                            f.path().to_owned(),
                            f.contents_utf8().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        Ok(files)
    })
}

type Lister<'a> = &'a dyn Fn(&str) -> Result<Vec<(PathBuf, String)>, FolderError>;

fn read_with(cat_path: &Path, text: &str, list: Lister<'_>) -> Result<Faq, FolderError> {
    let cats: CategoriesFile = toml::from_str(text).map_err(|e| fail(cat_path, e.message()))?;
    let mut articles = vec![];
    for category in &cats.category {
        // id → (order, status, the article)
        let mut found: BTreeMap<String, (Option<i64>, Option<Status>, Article)> = BTreeMap::new();
        for (path, raw) in list(&category.id)? {
            let file = read_article(&path, &raw)?;
            let slot = found.entry(file.id.clone()).or_insert_with(|| {
                (
                    None,
                    None,
                    Article {
                        id: file.id.clone(),
                        category: category.id.clone(),
                        status: Status::Published,
                        translations: BTreeMap::new(),
                    },
                )
            });
            if let Some(o) = file.front.order {
                if slot.0.is_some_and(|prev| prev != o) {
                    return Err(fail(
                        &file.path,
                        format!("order = {o} differs from another language of `{}`", file.id),
                    ));
                }
                slot.0 = Some(o);
            }
            if let Some(s) = file.front.status {
                if slot.1.is_some_and(|prev| prev != s) {
                    return Err(fail(
                        &file.path,
                        format!("status differs from another language of `{}`", file.id),
                    ));
                }
                slot.1 = Some(s);
            }
            slot.2.translations.insert(
                file.locale,
                Translation {
                    question: file.front.question,
                    answer: file.body,
                    keywords: file.front.keywords,
                    html: String::new(),
                },
            );
        }
        let mut list: Vec<(i64, Article)> = found
            .into_values()
            .map(|(order, status, mut a)| {
                a.status = status.unwrap_or(Status::Published);
                (order.unwrap_or(i64::MAX), a)
            })
            .collect();
        list.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        articles.extend(list.into_iter().map(|(_, a)| a));
    }
    Ok(Faq {
        categories: cats
            .category
            .into_iter()
            .map(|c| Category {
                id: c.id,
                name: c.name,
            })
            .collect(),
        articles,
    })
}

/// Writes `faq` as a folder (created if needed; files of the same names are replaced).
pub fn write(faq: &Faq, dir: &Path) -> Result<(), FolderError> {
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, e.to_string()))?;
    let cats = CategoriesFile {
        category: faq
            .categories
            .iter()
            .map(|c| CategoryEntry {
                id: c.id.clone(),
                name: c.name.clone(),
            })
            .collect(),
    };
    let cat_path = dir.join("categories.toml");
    let text = toml::to_string_pretty(&cats).map_err(|e| fail(&cat_path, e.to_string()))?;
    std::fs::write(&cat_path, text).map_err(|e| fail(&cat_path, e.to_string()))?;
    let mut position: BTreeMap<&str, i64> = BTreeMap::new();
    for a in &faq.articles {
        let n = position.entry(a.category.as_str()).or_insert(0);
        *n += 10;
        let folder = dir.join(&a.category);
        std::fs::create_dir_all(&folder).map_err(|e| fail(&folder, e.to_string()))?;
        for (locale, t) in &a.translations {
            let path = folder.join(format!("{}.{locale}.md", a.id));
            let front = FrontMatter {
                question: t.question.clone(),
                keywords: t.keywords.clone(),
                status: Some(a.status),
                order: Some(*n),
            };
            let front = toml::to_string(&front).map_err(|e| fail(&path, e.to_string()))?;
            let text = format!("+++\n{front}+++\n{}\n", t.answer);
            std::fs::write(&path, text).map_err(|e| fail(&path, e.to_string()))?;
        }
    }
    Ok(())
}
