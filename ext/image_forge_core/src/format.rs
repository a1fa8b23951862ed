use std::{fmt, str::FromStr};

use crate::{error::invalid_recipe, Error};

/// Image formats the engine knows by name. JPEG, PNG, WebP, GIF, BMP and TIFF are read;
/// JPEG, PNG, WebP, AVIF and GIF are written; HEIC (and reading AVIF) get a precise
/// "unsupported" error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
    Bmp,
    Tiff,
    Avif,
    Heic,
}

impl Format {
    /// Canonical lower-case name, as used in recipes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
            Format::Bmp => "bmp",
            Format::Tiff => "tiff",
            Format::Avif => "avif",
            Format::Heic => "heic",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Gif => "image/gif",
            Format::Bmp => "image/bmp",
            Format::Tiff => "image/tiff",
            Format::Avif => "image/avif",
            Format::Heic => "image/heic",
        }
    }

    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            other => other.name(),
        }
    }

    /// Whether the engine can write this format.
    pub fn is_writable(self) -> bool {
        matches!(
            self,
            Format::Jpeg | Format::Png | Format::Webp | Format::Avif | Format::Gif
        )
    }

    /// Recognises a format from its first bytes (magic numbers), never from a file name.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        let starts = |magic: &[u8]| bytes.starts_with(magic);
        if starts(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if starts(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(Format::Webp)
        } else if starts(b"GIF87a") || starts(b"GIF89a") {
            Some(Format::Gif)
        } else if starts(b"BM") && bytes.len() >= 26 {
            Some(Format::Bmp)
        } else if starts(b"II*\0") || starts(b"MM\0*") {
            Some(Format::Tiff)
        } else if bytes.get(4..8) == Some(b"ftyp") {
            match bytes.get(8..12) {
                Some(b"avif") | Some(b"avis") => Some(Format::Avif),
                Some(b"heic") | Some(b"heix") | Some(b"mif1") | Some(b"msf1") | Some(b"hevc") => {
                    Some(Format::Heic)
                }
                _ => None,
            }
        } else {
            None
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Parses an output format name; `jpg` is accepted for `jpeg`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "jpeg" | "jpg" => Ok(Format::Jpeg),
            "png" => Ok(Format::Png),
            "webp" => Ok(Format::Webp),
            "avif" => Ok(Format::Avif),
            "gif" => Ok(Format::Gif),
            other => Err(invalid_recipe(format!(
                "unknown output format {other:?} (expected jpeg, png, webp, avif or gif)"
            ))),
        }
    }
}
