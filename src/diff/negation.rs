//! Negation words: a lower-cased token and a language in, "does this token negate?" out.
//!
//! A negation flip ("will not reopen" / "will reopen") is the most serious change wirediff
//! reports, so the word lists live here, in one place, where they can grow. The hard case is
//! that the lists collide across languages: Finnish `en` ("I do not") is French and Spanish
//! "in", French `ne` is Finnish "they", Spanish `no` is English `no`. So each article's
//! language picks its own list; an article without a language tag uses English.

/// Languages with a negation list. Anything else falls back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fi,
    De,
    Fr,
    Es,
}

impl Lang {
    /// The language of an article's `lang` tag (`en`, `fi-FI`, `de_AT`...); English otherwise.
    pub fn from_tag(tag: Option<&str>) -> Lang {
        let t = tag.unwrap_or("en").to_ascii_lowercase();
        match t.get(..2).unwrap_or("") {
            "fi" => Lang::Fi,
            "de" => Lang::De,
            "fr" => Lang::Fr,
            "es" => Lang::Es,
            _ => Lang::En,
        }
    }
}

const EN: &[&str] = &[
    "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "without",
    "cannot", "noone", "no-one",
];
const FI: &[&str] = &[
    "ei",
    "en",
    "et",
    "emme",
    "ette",
    "eivät",
    "eikä",
    "enkä",
    "etkä",
    "emmekä",
    "ettekä",
    "eivätkä",
    "älä",
    "älkää",
    "ilman",
    "ettei",
    "etten",
    "ettet",
    "ettemme",
    "ettette",
    "etteivät",
    "jottei",
    "jotten",
    "ellei",
    "ellen",
    "elleivät",
    "jollei",
];
const DE: &[&str] = &[
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "keines",
    "nie",
    "niemals",
    "niemand",
    "nichts",
    "ohne",
    "weder",
    "nirgends",
    "nirgendwo",
];
const FR: &[&str] = &[
    "ne",
    "n'",
    "pas",
    "jamais",
    "rien",
    "aucun",
    "aucune",
    "sans",
    "ni",
    "non",
    "nullement",
];
const ES: &[&str] = &[
    "no", "nunca", "nada", "nadie", "ningún", "ninguno", "ninguna", "sin", "tampoco", "ni", "jamás",
];

/// Whether `word` (a match key: lower-cased, apostrophes unified to `'`) negates in `lang`.
pub fn is_negator(word: &str, lang: Lang) -> bool {
    let list = match lang {
        Lang::En => EN,
        Lang::Fi => FI,
        Lang::De => DE,
        Lang::Fr => FR,
        Lang::Es => ES,
    };
    if list.contains(&word) {
        return true;
    }
    match lang {
        // Contractions: didn't, won't, can't, isn't...
        Lang::En => word.len() > 3 && word.ends_with("n't"),
        // Elided ne: n'est, n'a, n'ont.
        Lang::Fr => word.starts_with("n'") && word.len() > 2,
        // The abessive infinitive: `tavoittelematta`, "without pursuing".
        Lang::Fi => word.ends_with("matta") || word.ends_with("mättä"),
        _ => false,
    }
}

/// The verb stem of a Finnish abessive infinitive (`tavoittelematta`, "without pursuing":
/// `tavoittele`); `None` for other words and languages. Such a word counts as a negator, but
/// a flip needs its stem stated on the other side: many are adverbs (`eittämättä`,
/// "undeniably"; `epäilemättä`, "doubtless") that negate nothing.
pub fn abessive_stem(word: &str, lang: Lang) -> Option<String> {
    if lang != Lang::Fi || FI.contains(&word) {
        return None;
    }
    ["matta", "mättä"]
        .iter()
        .find_map(|e| word.strip_suffix(e))
        .map(str::to_string)
}

/// Whether `word` (a match key), after `prev`, has the form a verb takes only after a
/// negation: Finnish negates with a verb (`ei ole`, `ei kertonut`), and the main verb stays in
/// the connegative, so `ole` or a past participle with no auxiliary before it is a negation
/// whose `ei` was dropped (`he ole vihitty`). Other languages: never (their verbs do not
/// change form under negation).
pub fn is_stranded_connegative(prev: Option<&str>, word: &str, lang: Lang) -> bool {
    if lang != Lang::Fi {
        return false;
    }
    const OLLA: &[&str] = &[
        "on", "oli", "ovat", "olivat", "olisi", "olisivat", "olen", "olet", "olemme", "olette",
        "olin", "olit", "olimme", "olitte", "ole", "ollut", "olleet", "lienee",
    ];
    let after_aux = prev.is_some_and(|p| OLLA.contains(&p) || is_negator(p, lang));
    if after_aux {
        return false;
    }
    word == "ole"
        || ["nut", "nyt", "neet"]
            .iter()
            .any(|e| word.len() > e.len() + 2 && word.ends_with(e))
}

/// Number of negating tokens in `words` (match keys).
pub fn count<'a>(words: impl IntoIterator<Item = &'a str>, lang: Lang) -> usize {
    words.into_iter().filter(|w| is_negator(w, lang)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_negators_and_contractions() {
        for w in [
            "not", "didn't", "won't", "never", "nobody", "without", "cannot",
        ] {
            assert!(is_negator(w, Lang::En), "{w}");
        }
        for w in ["now", "note", "knot", "n't", "ever", "did", "nothingness"] {
            assert!(!is_negator(w, Lang::En), "{w}");
        }
    }

    #[test]
    fn lists_do_not_leak_across_languages() {
        assert!(is_negator("en", Lang::Fi));
        assert!(is_negator("ettei", Lang::Fi));
        assert!(is_negator("tavoittelematta", Lang::Fi));
        assert!(!is_negator("en", Lang::Fr));
        assert!(is_negator("ne", Lang::Fr));
        assert!(!is_negator("ne", Lang::Fi));
        assert!(is_negator("n'est", Lang::Fr));
        assert!(is_negator("nicht", Lang::De));
        assert!(is_negator("nunca", Lang::Es));
        assert_eq!(Lang::from_tag(Some("fi-FI")), Lang::Fi);
        assert_eq!(Lang::from_tag(None), Lang::En);
        assert_eq!(Lang::from_tag(Some("x")), Lang::En);
    }
}
