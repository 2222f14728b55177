//! The language Hearback speaks to the person at the terminal.

use hearback_core::Lang;

/// Picks the interface language: `--ui-lang`, else `HEARBACK_LANG`, `LC_ALL`, `LC_MESSAGES`,
/// `LANG` (the POSIX order), else English. Only ru, hu and en have translations.
pub fn ui_lang(forced: Option<Lang>) -> Lang {
    if let Some(l) = forced {
        return l;
    }
    ["HEARBACK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .map(|v| from_locale(&v))
        .unwrap_or(Lang::En)
}

/// `ru_RU.UTF-8` → ru; `C`, `POSIX` and anything unknown → en.
fn from_locale(locale: &str) -> Lang {
    match Lang::parse(locale) {
        Lang::Other => Lang::En,
        l => l,
    }
}

/// A message in three languages, chosen by the interface language.
pub fn t(ui: Lang, en: &'static str, ru: &'static str, hu: &'static str) -> &'static str {
    match ui {
        Lang::Ru => ru,
        Lang::Hu => hu,
        Lang::En | Lang::Other => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_map_to_interface_languages() {
        assert_eq!(from_locale("ru_RU.UTF-8"), Lang::Ru);
        assert_eq!(from_locale("hu_HU.utf8"), Lang::Hu);
        assert_eq!(from_locale("C.UTF-8"), Lang::En);
        assert_eq!(from_locale("de_DE.UTF-8"), Lang::En);
    }
}
