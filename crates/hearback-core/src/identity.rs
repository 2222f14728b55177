//! Who the customer is across conversations: the same person calls, writes and chats, and the
//! sources name them differently (an id in the CRM export, only a phone number in the call log).
//!
//! Why joined on any identifier: requiring the same id everywhere would lose the very repeat
//! contacts and broken promises that matter; two conversations sharing an id, a phone number or
//! an e-mail address are one customer, and so are chains of them.

use std::collections::HashMap;

use crate::conversation::Party;

/// The identifiers of a customer, strongest first: `id:…`, `phone:…` (the last ten digits, so
/// +7 495…, 8 495… and 495… are one number), `email:…` (lowercase).
pub fn keys(c: &Party) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(id) = c.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        keys.push(format!("id:{id}"));
    }
    if let Some(phone) = c.phone.as_deref() {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 7 {
            let tail = &digits[digits.len().saturating_sub(10)..];
            keys.push(format!("phone:{tail}"));
        }
    }
    if let Some(email) = c
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| e.contains('@'))
    {
        keys.push(format!("email:{}", email.to_lowercase()));
    }
    keys
}

/// How a customer is shown: their name, else their first identifier without its prefix.
pub fn label(c: Option<&Party>, keys: &[String]) -> Option<String> {
    c.and_then(|c| c.name.clone())
        .filter(|n| !n.trim().is_empty())
        .or_else(|| {
            keys.first()
                .map(|k| k.split_once(':').map_or(k.as_str(), |(_, v)| v).to_string())
        })
}

/// For each conversation (given by its keys), the index of the first conversation of the same
/// customer, or `None` without any identifier. Conversations sharing any key are joined, and so
/// are chains of them (union–find).
pub fn group<'a>(all: impl IntoIterator<Item = &'a [String]>) -> Vec<Option<usize>> {
    let all: Vec<&[String]> = all.into_iter().collect();
    let mut parent: Vec<usize> = (0..all.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first_with: HashMap<&str, usize> = HashMap::new();
    for (i, keys) in all.iter().enumerate() {
        for key in keys.iter() {
            match first_with.get(key.as_str()) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
                None => {
                    first_with.insert(key, i);
                }
            }
        }
    }
    (0..all.len())
        .map(|i| (!all[i].is_empty()).then(|| find(&mut parent, i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(id: Option<&str>, phone: Option<&str>, email: Option<&str>) -> Party {
        Party {
            id: id.map(str::to_string),
            phone: phone.map(str::to_string),
            email: email.map(str::to_string),
            ..Party::default()
        }
    }

    #[test]
    fn phone_numbers_and_addresses_are_compared_as_people_write_them() {
        assert_eq!(
            keys(&party(
                Some(" c-1 "),
                Some("+7 (912) 345-67-89"),
                Some("Ann@X.ru")
            )),
            ["id:c-1", "phone:9123456789", "email:ann@x.ru"]
        );
        assert_eq!(
            keys(&party(None, Some("8 912 345 67 89"), None)),
            ["phone:9123456789"]
        );
        assert!(keys(&party(Some(""), Some("112"), Some("nobody"))).is_empty());
    }

    #[test]
    fn chains_of_shared_identifiers_are_one_customer() {
        let k = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let all = [
            k(&["id:1"]),
            k(&["email:a@b.hu"]),
            k(&["id:1", "phone:301234567"]),
            k(&["phone:301234567", "email:a@b.hu"]),
            k(&["id:2"]),
            k(&[]),
        ];
        let g = group(all.iter().map(Vec::as_slice));
        assert_eq!(g[0], g[1]);
        assert_eq!(g[1], g[2]);
        assert_eq!(g[2], g[3]);
        assert_ne!(g[0], g[4]);
        assert_eq!(g[5], None);
    }
}
