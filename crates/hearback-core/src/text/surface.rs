//! What the written surface of a turn says beyond its words: capital letters, question marks,
//! line starts. Detectors use these to tell «Вера» the name from «вера» the word, an agent asking
//! «Это Ольга?» from one saying «Это Анна, компания…», and an e-mail's salutation line.

use super::Token;

/// True when the text has any capital letter: typed text, as opposed to lower-case ASR output,
/// where capitals carry no information.
pub fn is_cased(text: &str) -> bool {
    text.chars().any(char::is_uppercase)
}

/// True when the token is written with a capital first letter.
pub fn is_capitalized(text: &str, token: &Token) -> bool {
    text.get(token.start..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_uppercase)
}

/// True when the clause holding token `i` ends with a question mark (`,` `.` `!` `;` end a clause
/// first): «Это Ольга?» is a question, «Это Анна, чем могу помочь?» is not.
pub fn clause_is_question(text: &str, tokens: &[Token], i: usize) -> bool {
    let Some(t) = tokens.get(i) else {
        return false;
    };
    let rest = text.get(t.end..).unwrap_or("");
    rest.chars()
        .find(|c| matches!(c, '?' | '.' | '!' | ',' | ';' | '\n' | '…' | ':'))
        .is_some_and(|c| c == '?')
}

/// True when token `i` is the first word of the turn or of a line.
pub fn starts_line(text: &str, tokens: &[Token], i: usize) -> bool {
    match i.checked_sub(1).and_then(|p| tokens.get(p)) {
        None => true,
        Some(prev) => tokens
            .get(i)
            .and_then(|t| text.get(prev.end..t.start))
            .is_some_and(|between| between.contains('\n')),
    }
}

/// True when the text between tokens `a` and `b` (a < b) holds a sentence end (`.` `!` `?` `…`).
pub fn sentence_break_between(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    match (tokens.get(a), tokens.get(b)) {
        (Some(x), Some(y)) if x.end <= y.start => text
            .get(x.end..y.start)
            .is_some_and(|s| s.contains(['.', '!', '?', '…', '\n'])),
        _ => false,
    }
}

/// True when token `i` begins a sentence: the first word of the turn, or the first after `.` `!`
/// `?` `…` or a line break. A capital letter there says nothing about a name.
pub fn starts_sentence(text: &str, tokens: &[Token], i: usize) -> bool {
    i == 0 || sentence_break_between(text, tokens, i - 1, i)
}

/// True when a comma follows the token directly: «Вера, …», "Bill, …" — the vocative.
pub fn comma_after(text: &str, token: &Token) -> bool {
    text.get(token.end..)
        .is_some_and(|rest| rest.trim_start().starts_with(','))
}
