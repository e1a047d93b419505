//! Sites: the document a site owner writes (`file`), and how it becomes the widget's config
//! for one visitor's languages (`localize`).

pub mod file;
pub mod localize;

pub use file::{SiteFile, SiteFileError};
pub use localize::chat_open_at;

/// The demo site seeded on first start; also the documented example of the file format.
pub const DEMO_SITE_TOML: &str = include_str!("../../../../examples/demo-site.toml");

/// The demo site with `extra_origins` (e.g. the server's own public origin) allowed as well.
/// The demo site's FAQ folder, built into the binary (40 articles in en, zh-CN, ja and ko).
static DEMO_FAQ: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../examples/demo-faq");

/// The demo site's FAQ, validated against `site` and rendered.
pub fn demo_faq(site: &SiteFile) -> crate::faq::Faq {
    let mut faq = crate::faq::folder::read_embedded(&DEMO_FAQ).expect("the bundled demo FAQ reads");
    faq.validate(site).expect("the bundled demo FAQ is valid");
    faq.render();
    faq
}

pub fn demo_site(extra_origins: &[String]) -> SiteFile {
    let mut site = SiteFile::from_toml(DEMO_SITE_TOML).expect("the bundled demo site is valid");
    for o in extra_origins {
        if !site.allowed_origins.contains(o) {
            site.allowed_origins.push(o.clone());
        }
    }
    site
}
