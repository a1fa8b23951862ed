//! The signed-path parser and signer (the endpoint's first line of defence).
//!
//! Oracles: verifying any path never panics; a path signed for (expiry, recipe, key) verifies
//! to exactly that and nothing else; a signature never verifies under another secret.
#![no_main]

use image_forge_core::{sign_path, verify_path, SignedPath};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

const SECRET: &[u8] = b"fuzz-secret-fuzz-secret-fuzz-sec";
const OTHER: &[u8] = b"other-secret-other-secret-other!";

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    path: &'a str,
    recipe: &'a str,
    key: &'a str,
    expires_at: Option<u64>,
    now: u64,
}

fuzz_target!(|input: Input<'_>| {
    let secrets = [SECRET.to_vec()];
    let _ = verify_path(input.path, &secrets, input.now, true);

    let Ok(path) = sign_path(SECRET, input.recipe, input.key, input.expires_at) else {
        return;
    };
    let expected = SignedPath {
        expires_at: input.expires_at,
        recipe: input.recipe.to_owned(),
        key: input.key.to_owned(),
    };
    let now = input.expires_at.unwrap_or(0);
    assert_eq!(verify_path(&path, &secrets, now, false), Ok(expected), "{path}");
    assert!(verify_path(&path, &[OTHER.to_vec()], now, false).is_err(), "{path}");
});
