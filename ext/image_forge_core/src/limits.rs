/// Resource limits, all checked before the large allocation: input bytes before reading,
/// pixels and sizes from the header and the plan, before any pixel is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted source `width * height` (also bounds every intermediate and the
    /// output size). Only the first frame of an animation is decoded, so frames do not
    /// multiply it. Default: 50,000,000 (imgproxy's default).
    pub max_pixels: u64,
    /// Largest accepted input, in bytes. Default: 100 MiB.
    pub max_bytes: u64,
    /// Largest output width or height. Default: 16,383 (JPEG's and WebP's practical cap).
    pub max_output_dimension: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_pixels: 50_000_000,
            max_bytes: 100 << 20,
            max_output_dimension: 16_383,
        }
    }
}

impl Limits {
    /// Copy of these limits with another `max_pixels`.
    pub fn with_max_pixels(self, max_pixels: u64) -> Self {
        Self { max_pixels, ..self }
    }

    /// Refuses an input of `len` bytes over `max_bytes`.
    pub fn check_bytes(&self, len: u64) -> crate::Result<()> {
        if len > self.max_bytes {
            return Err(crate::Error::LimitExceeded {
                what: crate::error::Limit::Bytes,
                actual: len,
                limit: self.max_bytes,
            });
        }
        Ok(())
    }
}
