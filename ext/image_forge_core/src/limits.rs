use crate::{error::Limit, Error, Result};

/// Resource limits, all checked before the large allocation: input bytes before reading,
/// pixels, sizes and memory from the header and the plan, before any pixel is decoded.
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
    /// Most memory one render may take, estimated from the plan (the decoder's buffers, every
    /// intermediate bitmap, the encoder's) before any pixel is decoded. `max_pixels` alone does
    /// not bound memory: a 16-bit RGBA PNG or a progressive JPEG needs several times the
    /// bytes of an 8-bit RGB one. Default: 512 MiB.
    pub max_memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_pixels: 50_000_000,
            max_bytes: 100 << 20,
            max_output_dimension: 16_383,
            max_memory: 512 << 20,
        }
    }
}

impl Limits {
    /// Copy of these limits with another `max_pixels`.
    pub fn with_max_pixels(self, max_pixels: u64) -> Self {
        Self { max_pixels, ..self }
    }

    /// Refuses an input of `len` bytes over `max_bytes`.
    pub fn check_bytes(&self, len: u64) -> Result<()> {
        exceeds(Limit::Bytes, len, self.max_bytes)
    }

    /// Refuses `width * height` over `max_pixels`.
    pub fn check_pixels(&self, (width, height): (u32, u32)) -> Result<()> {
        exceeds(
            Limit::Pixels,
            u64::from(width) * u64::from(height),
            self.max_pixels,
        )
    }

    /// Refuses a render whose estimated peak memory is over `max_memory`.
    pub fn check_memory(&self, bytes: u64) -> Result<()> {
        exceeds(Limit::Memory, bytes, self.max_memory)
    }

    /// Refuses an output whose pixels or larger side are over the limits.
    pub fn check_output(&self, (width, height): (u32, u32)) -> Result<()> {
        let side = width.max(height);
        exceeds(
            Limit::Dimension,
            side.into(),
            self.max_output_dimension.into(),
        )?;
        self.check_pixels((width, height))
    }
}

fn exceeds(what: Limit, actual: u64, limit: u64) -> Result<()> {
    if actual > limit {
        return Err(Error::LimitExceeded {
            what,
            actual,
            limit,
        });
    }
    Ok(())
}
