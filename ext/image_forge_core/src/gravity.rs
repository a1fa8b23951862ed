//! Where a crop or a pad anchors.

use std::{fmt, str::FromStr};

use crate::{error::invalid_recipe, Error};

/// Anchor of a crop (`resize_to_fill`) or of the image on a padded canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Gravity {
    #[default]
    Centre,
    North,
    NorthEast,
    East,
    SouthEast,
    South,
    SouthWest,
    West,
    NorthWest,
    /// The most detailed region (highest entropy); crops only.
    Attention,
}

const NAMES: [(Gravity, &str); 10] = [
    (Gravity::Centre, "centre"),
    (Gravity::North, "north"),
    (Gravity::NorthEast, "north-east"),
    (Gravity::East, "east"),
    (Gravity::SouthEast, "south-east"),
    (Gravity::South, "south"),
    (Gravity::SouthWest, "south-west"),
    (Gravity::West, "west"),
    (Gravity::NorthWest, "north-west"),
    (Gravity::Attention, "attention"),
];

impl Gravity {
    /// Fractions (0 = left/top, 0.5 = centre, 1 = right/bottom) of the free space placed
    /// before the anchored box. Attention is placed by pixels, not here: centre until then.
    pub fn fractions(self) -> (f64, f64) {
        match self {
            Gravity::Centre | Gravity::Attention => (0.5, 0.5),
            Gravity::North => (0.5, 0.0),
            Gravity::NorthEast => (1.0, 0.0),
            Gravity::East => (1.0, 0.5),
            Gravity::SouthEast => (1.0, 1.0),
            Gravity::South => (0.5, 1.0),
            Gravity::SouthWest => (0.0, 1.0),
            Gravity::West => (0.0, 0.5),
            Gravity::NorthWest => (0.0, 0.0),
        }
    }
}

impl FromStr for Gravity {
    type Err = Error;

    /// Accepts vips' names (`centre`, `north-east`, ...), `center`, compact forms
    /// (`northeast`, `north_east`) and `entropy` for `attention`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let compact: String = s.chars().filter(|c| *c != '-' && *c != '_').collect();
        let compact = match compact.as_str() {
            "center" => "centre",
            "entropy" | "smart" => "attention",
            other => other,
        };
        NAMES
            .iter()
            .find(|(_, name)| name.replace('-', "") == compact)
            .map(|(g, _)| *g)
            .ok_or_else(|| invalid_recipe(format!("unknown gravity {s:?}")))
    }
}

impl fmt::Display for Gravity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = NAMES
            .iter()
            .find(|(g, _)| g == self)
            .map_or("centre", |(_, n)| n);
        f.write_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_spellings() {
        assert_eq!("center".parse::<Gravity>().unwrap(), Gravity::Centre);
        assert_eq!("northeast".parse::<Gravity>().unwrap(), Gravity::NorthEast);
        assert_eq!("south_west".parse::<Gravity>().unwrap(), Gravity::SouthWest);
        assert_eq!("entropy".parse::<Gravity>().unwrap(), Gravity::Attention);
        assert!("up".parse::<Gravity>().is_err());
        for (g, name) in NAMES {
            assert_eq!(g.to_string().parse::<Gravity>().unwrap(), g, "{name}");
        }
    }
}
