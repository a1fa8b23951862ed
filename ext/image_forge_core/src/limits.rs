/// Resource limits checked from the header, before any pixel is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted source `width * height`. Default: 50,000,000 (imgproxy's default).
    pub max_pixels: u64,
    /// Largest accepted output width or height. Default: 16,383 (WebP's and JPEG's practical cap).
    pub max_output_dimension: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_pixels: 50_000_000,
            max_output_dimension: 16_383,
        }
    }
}

impl Limits {
    /// Copy of these limits with another `max_pixels`.
    pub fn with_max_pixels(self, max_pixels: u64) -> Self {
        Self { max_pixels, ..self }
    }
}
