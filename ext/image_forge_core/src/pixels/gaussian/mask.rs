//! The Gaussian mask: its length chosen as libvips' `gaussblur` chooses it, its weights in
//! fixed point.

/// libvips' default `min_ampl`: the mask stops before the first offset whose unnormalised
/// weight falls below it, so blur and sharpen match `gaussblur(sigma)` in extent.
const MIN_AMPL: f64 = 0.2;

/// Fixed-point weights sum to `1 << BITS`. 14 bits keep a u16 sample times the total
/// within a u32 (`65535 << 14` < `1 << 30`), with room for the pair sums.
pub(super) const BITS: u32 = 14;

/// Half of a symmetric mask: `weights[0]` is the centre's, `weights[k]` that of offsets +-k.
pub(super) struct Mask {
    pub(super) weights: Vec<u32>,
}

impl Mask {
    /// The mask for `sigma`, its weights summing exactly to `1 << BITS`.
    pub(super) fn new(sigma: f64) -> Self {
        let exact = weights(sigma);
        let mut weights: Vec<u32> = exact
            .iter()
            .map(|w| (w * f64::from(1u32 << BITS)).round() as u32)
            .collect();
        // Rounding leaves the total a little off; the centre absorbs it, so flat areas stay flat.
        let sides: u32 = weights[1..].iter().sum::<u32>() * 2;
        weights[0] = (1 << BITS) - sides;
        Self { weights }
    }

    pub(super) fn radius(&self) -> usize {
        self.weights.len() - 1
    }
}

/// Offsets a mask for `sigma` reaches: libvips' rule (`vips_gaussmat`), which keeps offsets
/// up to the last one whose weight `exp(-x^2 / 2 sigma^2)` is at least `MIN_AMPL`.
pub(super) fn radius(sigma: f64) -> usize {
    let sig2 = 2.0 * sigma * sigma;
    let first_below = (0u32..)
        .find(|&x| (-f64::from(x * x) / sig2).exp() < MIN_AMPL)
        .unwrap_or(1);
    first_below.saturating_sub(1) as usize
}

/// The half mask in f64, normalised so the whole mask sums to 1.
pub(super) fn weights(sigma: f64) -> Vec<f64> {
    let sig2 = 2.0 * sigma * sigma;
    let half: Vec<f64> = (0..=radius(sigma))
        .map(|x| (-((x * x) as f64) / sig2).exp())
        .collect();
    let total = 2.0 * half.iter().sum::<f64>() - half[0];
    half.iter().map(|w| w / total).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_follows_libvips_min_ampl() {
        // vips_gaussmat(sigma, min_ampl 0.2) widths: 1 below sigma 0.56, 7 at 2, 71 at 20.
        assert_eq!(radius(0.5), 0);
        assert_eq!(radius(1.0), 1);
        assert_eq!(radius(2.0), 3);
        assert_eq!(radius(20.0), 35);
    }

    #[test]
    fn fixed_point_weights_sum_to_one_and_fall_off() {
        for sigma in [0.1, 0.8, 2.0, 7.3, 20.0, 100.0] {
            let w = Mask::new(sigma).weights;
            assert_eq!(w[0] + 2 * w[1..].iter().sum::<u32>(), 1 << BITS, "{sigma}");
            assert!(w.windows(2).all(|p| p[0] >= p[1]), "{sigma}: {w:?}");
        }
    }
}
