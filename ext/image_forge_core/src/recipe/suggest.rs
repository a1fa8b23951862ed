//! "Did you mean": the known name closest to a misspelt one, by edit distance.

/// The name in `known` nearest to `name`, if it is within two edits (and fewer edits than
/// `name` has letters, so that `x` suggests nothing). The first of equals wins.
pub(super) fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = 2.min(name.chars().count().saturating_sub(1));
    known
        .map(|k| (distance(name, k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance: insertions, deletions and substitutions of characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_single_character_edits() {
        assert_eq!(distance("resize_to_limt", "resize_to_limit"), 1);
        assert_eq!(distance("flip", "flop"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn suggests_only_near_names_and_the_nearest_first() {
        let known = ["flip", "flop", "blur", "trim"];
        assert_eq!(closest("fli", known.into_iter()), Some("flip"));
        assert_eq!(closest("flup", known.into_iter()), Some("flip"));
        assert_eq!(closest("blurr", known.into_iter()), Some("blur"));
        assert_eq!(closest("sharpen", known.into_iter()), None);
        assert_eq!(closest("b", known.into_iter()), None);
    }
}
