//! Signed transformation paths for the endpoint: `/<signature>/[e:<expiry>/]<recipe>/<key>`.
//!
//! The signature is base64url (no padding) of HMAC-SHA256 over everything after it, with the
//! key's segments percent-decoded, so a CDN or proxy re-encoding the path does not break it.
//! Several keys verify (rotation); the first signs. Comparison is constant-time.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What a verified path asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedPath {
    /// Unix seconds after which the path is refused.
    pub expires_at: Option<u64>,
    /// The recipe segment as written ("-" for no operations).
    pub recipe: String,
    /// The storage key, percent-decoded.
    pub key: String,
}

/// Why a path is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    #[error("malformed path: {0}")]
    Malformed(&'static str),
    #[error("bad signature")]
    BadSignature,
    #[error("expired")]
    Expired,
}

/// The segment that stands for "no signature" when unsigned paths are allowed.
pub const UNSIGNED: &str = "_";

/// Builds the path for `recipe` and `key`, signed with `secret`. Refuses (as `Malformed`)
/// what could not be verified back to the same request: an empty recipe or key, and a
/// recipe holding `/` or starting with `e:` (see [`check_segments`]).
pub fn sign_path(
    secret: &[u8],
    recipe: &str,
    key: &str,
    expires_at: Option<u64>,
) -> Result<String, PathError> {
    check_segments(recipe, key)?;
    let payload = payload(recipe, key, expires_at);
    Ok(format!(
        "/{}/{}",
        signature(secret, &payload),
        encode_payload(recipe, key, expires_at)
    ))
}

/// Verifies `path` (as the server got it, still percent-encoded) against `secrets` at time
/// `now` (Unix seconds). With `allow_unsigned`, a `_` signature is accepted too.
pub fn verify_path(
    path: &str,
    secrets: &[Vec<u8>],
    now: u64,
    allow_unsigned: bool,
) -> Result<SignedPath, PathError> {
    let rest = path
        .strip_prefix('/')
        .ok_or(PathError::Malformed("no leading slash"))?;
    let (sig, rest) = rest
        .split_once('/')
        .ok_or(PathError::Malformed("no signature"))?;
    let (expires_at, rest) = match rest.strip_prefix("e:") {
        Some(tail) => {
            let (digits, rest) = tail
                .split_once('/')
                .ok_or(PathError::Malformed("no recipe"))?;
            // Digits as sign_path writes them: parse alone would take "+123" and "0123" too,
            // and one signature should stand for one path.
            let canonical = digits.bytes().all(|b| b.is_ascii_digit())
                && (digits == "0" || !digits.starts_with('0'));
            let expiry = digits
                .parse::<u64>()
                .ok()
                .filter(|_| canonical)
                .ok_or(PathError::Malformed("bad expiry"))?;
            (Some(expiry), rest)
        }
        None => (None, rest),
    };
    let (recipe, encoded_key) = rest.split_once('/').ok_or(PathError::Malformed("no key"))?;
    let recipe = percent_decode(recipe).ok_or(PathError::Malformed("bad escape in recipe"))?;
    let key = percent_decode(encoded_key).ok_or(PathError::Malformed("bad escape in key"))?;
    check_segments(&recipe, &key)?;

    let signed = (allow_unsigned && sig == UNSIGNED) || {
        let payload = payload(&recipe, &key, expires_at);
        // Every key is tried, so the time taken does not tell which one matched.
        secrets.iter().fold(false, |ok, secret| {
            constant_time_eq(signature(secret, &payload).as_bytes(), sig.as_bytes()) | ok
        })
    };
    if !signed {
        return Err(PathError::BadSignature);
    }
    if expires_at.is_some_and(|t| now > t) {
        return Err(PathError::Expired);
    }
    Ok(SignedPath {
        expires_at,
        recipe,
        key,
    })
}

/// Keeps the signed payload unambiguous, so one signature stands for one request. The payload
/// is `[e:<expiry>/]<recipe>/<key>` after decoding: a recipe decoded from `e%3A<t>` would
/// read as an expiry (a path signed to expire could be replayed without its expiry), and a
/// recipe decoded from `a%2Fb` would move the recipe/key boundary. Found by the signed_path
/// fuzz target.
fn check_segments(recipe: &str, key: &str) -> Result<(), PathError> {
    if recipe.is_empty() || key.is_empty() {
        return Err(PathError::Malformed("empty recipe or key"));
    }
    if recipe.contains('/') || recipe.starts_with("e:") {
        return Err(PathError::Malformed(
            "a recipe cannot hold / or start with e:",
        ));
    }
    Ok(())
}

/// What is signed: the decoded segments after the signature.
fn payload(recipe: &str, key: &str, expires_at: Option<u64>) -> String {
    match expires_at {
        Some(t) => format!("e:{t}/{recipe}/{key}"),
        None => format!("{recipe}/{key}"),
    }
}

fn encode_payload(recipe: &str, key: &str, expires_at: Option<u64>) -> String {
    let key = key
        .split('/')
        .map(percent_encode)
        .collect::<Vec<_>>()
        .join("/");
    payload(&percent_encode(recipe), &key, expires_at)
}

fn signature(secret: &[u8], payload: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(payload.as_bytes());
    base64url(&mac.finalize().into_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters and the recipe grammar's
/// `:` `,` `.`.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' | b',' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8. Exactly two
/// hex digits (`from_str_radix` alone would take `%+F` for `%0F`).
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn signs_and_verifies_with_rotation() {
        let path = sign_path(SECRET, "resize_to_limit:100:100", "a b/ü.jpg", None).unwrap();
        assert!(
            path.ends_with("/resize_to_limit:100:100/a%20b/%C3%BC.jpg"),
            "{path}"
        );
        let old = b"old-key-old-key-old-key-old-key!".to_vec();
        let parsed = verify_path(&path, &[old, SECRET.to_vec()], 0, false).unwrap();
        assert_eq!(
            (parsed.recipe.as_str(), parsed.key.as_str()),
            ("resize_to_limit:100:100", "a b/ü.jpg")
        );
        assert_eq!(
            verify_path(&path, &[b"other".to_vec()], 0, false),
            Err(PathError::BadSignature)
        );
    }

    #[test]
    fn any_change_breaks_the_signature() {
        let path = sign_path(SECRET, "resize_to_limit:100:100", "k.jpg", Some(2000)).unwrap();
        for tampered in [
            path.replace("100:100", "100:101"),
            path.replace("k.jpg", "j.jpg"),
            path.replace("e:2000", "e:2001"),
        ] {
            assert_eq!(
                verify_path(&tampered, &[SECRET.to_vec()], 0, false),
                Err(PathError::BadSignature)
            );
        }
    }

    #[test]
    fn expiry_is_checked_after_the_signature() {
        let path = sign_path(SECRET, "-", "k.jpg", Some(1000)).unwrap();
        assert!(verify_path(&path, &[SECRET.to_vec()], 1000, false).is_ok());
        assert_eq!(
            verify_path(&path, &[SECRET.to_vec()], 1001, false),
            Err(PathError::Expired)
        );
    }

    #[test]
    fn unsigned_only_when_allowed() {
        assert_eq!(
            verify_path("/_/-/k.jpg", &[], 0, false),
            Err(PathError::BadSignature)
        );
        assert_eq!(
            verify_path("/_/-/k.jpg", &[], 0, true).unwrap().key,
            "k.jpg"
        );
    }

    #[test]
    fn malformed_paths_are_named() {
        for path in [
            "",
            "x",
            "/sig",
            "/sig/recipe",
            "/sig/e:x/r/k",
            "/sig//k",
            "/s/r/%zz",
            "/s/r/%+F",
            "/s/e:+5/r/k",
            "/s/e:05/r/k",
            "/s/e:/r/k",
            "/s/a%2Fb/k",
        ] {
            assert!(
                matches!(
                    verify_path(path, &[SECRET.to_vec()], 0, false),
                    Err(PathError::Malformed(_))
                ),
                "{path}"
            );
        }
    }

    #[test]
    fn an_expiring_signature_cannot_be_replayed_without_its_expiry() {
        // The payload of e:123/r/k, presented as a recipe "e:123" with no expiry.
        let path = sign_path(SECRET, "r", "k", Some(123)).unwrap();
        let signature = path.split('/').nth(1).unwrap();
        for replay in [
            format!("/{signature}/e%3A123/r/k"),
            format!("/{signature}/%65:123/r/k"),
        ] {
            assert_eq!(
                verify_path(&replay, &[SECRET.to_vec()], 10_000, false),
                Err(PathError::Malformed(
                    "a recipe cannot hold / or start with e:"
                )),
                "{replay}"
            );
        }
    }

    #[test]
    fn what_cannot_verify_back_is_not_signed() {
        for (recipe, key) in [
            ("e:", "k"),
            ("e:1", "k"),
            ("a/b", "k"),
            ("", "k"),
            ("r", ""),
        ] {
            assert!(
                matches!(
                    sign_path(SECRET, recipe, key, None),
                    Err(PathError::Malformed(_))
                ),
                "{recipe:?} {key:?}"
            );
        }
    }

    #[test]
    fn base64url_matches_the_rfc_vectors() {
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }
}
