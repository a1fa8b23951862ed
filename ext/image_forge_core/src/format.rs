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

    /// The format a MIME type names (`image/jpeg`, `image/jpg`, parameters ignored).
    pub fn from_mime_type(mime: &str) -> Option<Format> {
        let essence = mime.split(';').next()?.trim().to_ascii_lowercase();
        match essence.strip_prefix("image/")? {
            "jpeg" | "jpg" | "pjpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            "gif" => Some(Format::Gif),
            "bmp" | "x-ms-bmp" => Some(Format::Bmp),
            "tiff" => Some(Format::Tiff),
            "avif" => Some(Format::Avif),
            "heic" | "heif" => Some(Format::Heic),
            _ => None,
        }
    }

    /// What a render writes when its recipe names no format: the source's own format, or PNG
    /// (lossless, keeps alpha) for one that cannot be written (BMP, TIFF).
    pub fn default_output(self) -> Format {
        if self.is_writable() {
            self
        } else {
            Format::Png
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_name_their_formats() {
        for format in [
            Format::Jpeg,
            Format::Png,
            Format::Webp,
            Format::Gif,
            Format::Bmp,
        ] {
            assert_eq!(Format::from_mime_type(format.mime_type()), Some(format));
        }
        assert_eq!(Format::from_mime_type("IMAGE/JPG; q=1"), Some(Format::Jpeg));
        assert_eq!(Format::from_mime_type("application/octet-stream"), None);
        assert_eq!(Format::from_mime_type("image/svg+xml"), None);
    }

    #[test]
    fn unwritable_sources_default_to_png() {
        assert_eq!(Format::Tiff.default_output(), Format::Png);
        assert_eq!(Format::Webp.default_output(), Format::Webp);
    }
}
