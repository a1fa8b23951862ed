//! The planar fast path: a recipe that only resizes a YCbCr JPEG into JPEG renders from the JPEG's Y, Cb and Cr planes. Decoding skips chroma upsampling and the
//! conversion to RGB, the resize handles 1.5 samples a pixel instead of 3 (4:2:0), and the
//! encoder skips the conversion back and the chroma downsampling. Every other recipe keeps
//! the RGB path. The memory the RGB path is planned for bounds this one: the planes are at
//! most the RGB bitmap's size (the same for 4:4:4, half for 4:2:0), and so is each step.

use super::Plan;
use crate::{
    decode::decode_planes,
    encode::encode_planes,
    geometry::{CropBox, ResizePlan},
    icc, jpeg_segments,
    pixels::{orient, resize_plane},
    planes::{Planes, SourcePlanes},
    Cancel, Format, Info, Orientation, Output, Recipe, Result,
};

/// How a recipe renders from planes: its one resize, in display space, and the output's
/// chroma subsampling.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlanarPlan {
    resize: ResizePlan,
    /// Output luma pixels per chroma sample: (2, 2) for 4:2:0, (1, 1) for 4:4:4.
    factor: (u32, u32),
    keep_icc: bool,
}

impl PlanarPlan {
    /// The planar plan of a recipe whose output is `format` and whose steps are `resize` and
    /// then `rest` more; `None` when it needs the RGB path. The source's colour space is only
    /// known when decoding (a three-component JPEG may be RGB): [`decode`] checks it.
    pub fn new(
        recipe: &Recipe,
        info: &Info,
        orientation: Orientation,
        format: Format,
        resize: Option<ResizePlan>,
        rest: usize,
    ) -> Option<PlanarPlan> {
        let out = &recipe.output;
        let factor = match format {
            // Not 4:4:4: after DCT shrink-on-load libjpeg-turbo gives chroma planes from scaled
            // IDCTs, where its RGB decode scales chroma up in the IDCT instead; full-size chroma
            // from those planes measured 5 dB worse (the odd-size test's resize_to_fill).
            Format::Jpeg if !out.chroma_444 => (2, 2),
            _ => return None,
        };
        let colour = info.format == Format::Jpeg && info.decode_cost.channels == 3;
        (colour && rest == 0).then_some(())?;
        let resize = resize?;
        // A crop (scale 1) stays in RGB: at an odd offset the chroma planes would be
        // resampled half a sample over, where the RGB path copies.
        let copies = f64::from(resize.width) == resize.crop.width
            && f64::from(resize.height) == resize.crop.height;
        (!copies).then_some(())?;
        // An odd output side has a chroma sample half past the image's edge; an orientation
        // can put that edge at the stored top or left, where the crop cannot reach past the
        // plane (1.3 dB lost in the odd-size test): those stay on the RGB path.
        let odd = resize.width % 2 == 1 || resize.height % 2 == 1;
        (orientation == Orientation::UPRIGHT || !odd).then_some(())?;
        Some(PlanarPlan {
            resize,
            factor,
            keep_icc: out.keep_icc,
        })
    }

    /// Whether this recipe renders from the planes of a source with the profile `icc`: an
    /// sRGB source (no profile or an sRGB one), or a recipe that keeps the profile and its
    /// colours. Decided per recipe, so a recipe's bytes do not depend on what it is rendered
    /// with.
    pub fn takes(&self, icc: Option<&[u8]>) -> bool {
        self.keep_icc || icc.is_none_or(icc::keeps_rgb)
    }
}

/// A JPEG decoded to planes for the recipes that render from them.
pub(super) struct PlanarSource {
    pub planes: SourcePlanes,
    /// Decoded pixels per source pixel on each axis (below 1 after shrink-on-load).
    pub scale: (f64, f64),
    pub icc: Option<Vec<u8>>,
}

/// The embedded profile of a JPEG source that some recipe may render from planes of.
pub(super) fn source_icc(bytes: &[u8], plans: &[Result<Plan>]) -> Option<Vec<u8>> {
    plans
        .iter()
        .flatten()
        .any(|p| p.planar.is_some())
        .then(|| jpeg_segments::icc_profile(bytes))
        .flatten()
}

/// Decodes `bytes` to planes at 1/`shrink`; `None` when the JPEG is not YCbCr (the RGB path
/// takes it).
pub(super) fn decode(
    bytes: &[u8],
    info: &Info,
    shrink: u32,
    icc: Option<Vec<u8>>,
) -> Result<Option<PlanarSource>> {
    Ok(
        decode_planes(bytes, info, shrink)?.map(|(planes, scale)| PlanarSource {
            planes,
            scale,
            icc,
        }),
    )
}

/// Resizes the planes as `plan` asks, turns them upright and encodes them.
pub(super) fn render(
    source: &PlanarSource,
    plan: &PlanarPlan,
    orientation: Orientation,
    output: &Output,
    cancel: &Cancel,
) -> Result<(Vec<u8>, (u32, u32))> {
    let [luma, cb, cr] = source.planes.planes();
    let [luma_plan, chroma_plan] = plane_plans(plan, orientation, source);
    let mut resized = Vec::with_capacity(3);
    for ((data, size), p) in [(luma, luma_plan), (cb, chroma_plan), (cr, chroma_plan)] {
        cancel.check()?;
        resized.push(orient(resize_plane(data, size, &p)?, orientation));
    }
    let [y, cb, cr]: [_; 3] = resized.try_into().expect("three planes");
    let size = (y.width, y.height);
    let planes = Planes {
        y,
        cb,
        cr,
        factor: plan.factor,
    };
    Ok((encode_planes(&planes, output)?, size))
}

/// The luma and the chroma resizes on the decoded planes. Chroma samples sit at the centre of
/// the luma samples they cover (JFIF), in the source as in the output, so a chroma plane is
/// its luma plane scaled by 1/factor, both starting at the image's top-left corner. The output
/// chroma covers whole samples: past the image's right or bottom edge when its size is not a
/// multiple of the factor, and the crop is stretched that far, kept inside the source plane.
fn plane_plans(
    plan: &PlanarPlan,
    orientation: Orientation,
    source: &PlanarSource,
) -> [ResizePlan; 2] {
    let display = plan.resize;
    let (fx, fy) = plan.factor;
    let (cw, ch) = (display.width.div_ceil(fx), display.height.div_ceil(fy));
    let c = display.crop;
    let chroma = ResizePlan {
        crop: CropBox {
            width: c.width * f64::from(cw * fx) / f64::from(display.width),
            height: c.height * f64::from(ch * fy) / f64::from(display.height),
            ..c
        },
        width: cw,
        height: ch,
        ..display
    };
    let planes = &source.planes;
    let (sx, sy) = source.scale;
    let (px, py) = planes.factor;
    let chroma_scale = (sx / f64::from(px), sy / f64::from(py));
    let chroma_size = planes.planes()[1].1;
    [
        on_plane(
            display.in_stored_space(orientation),
            source.scale,
            planes.size,
        ),
        on_plane(
            chroma.in_stored_space(orientation),
            chroma_scale,
            chroma_size,
        ),
    ]
}

/// `plan`, in stored source pixels, on a plane of `size` that holds `scale` samples per source
/// pixel, its crop kept inside the plane.
fn on_plane(plan: ResizePlan, (sx, sy): (f64, f64), size: (u32, u32)) -> ResizePlan {
    let c = plan.crop;
    let (w, h) = (f64::from(size.0), f64::from(size.1));
    let (left, top) = ((c.left * sx).max(0.0), (c.top * sy).max(0.0));
    let right = ((c.left + c.width) * sx).min(w);
    let bottom = ((c.top + c.height) * sy).min(h);
    ResizePlan {
        input: size,
        crop: CropBox {
            left,
            top,
            width: right - left,
            height: bottom - top,
        },
        ..plan
    }
}

#[cfg(test)]
mod tests {
    use turbojpeg::{Image, PixelFormat, Subsamp};

    use super::super::{plan_all, render_many, Overlays};
    use crate::{exif, ops::Env, render, test_jpeg, Cancel, Limits, Recipe};

    /// A JPEG at quality 98 with `subsamp` chroma, of pixels `pixel(x, y)`, with an EXIF
    /// orientation when `orientation` is not 1.
    fn jpeg(
        (w, h): (u32, u32),
        subsamp: Subsamp,
        orientation: u16,
        pixel: impl Fn(u32, u32) -> [u8; 3],
    ) -> Vec<u8> {
        let jpeg = test_jpeg::rgb((w, h), 98, subsamp, false, pixel);
        if orientation == 1 {
            return jpeg;
        }
        let tiff = exif::tiff_with_orientation(orientation, true);
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
        out.extend_from_slice(b"Exif\0\0");
        out.extend_from_slice(&tiff);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    /// A photo-like pattern: smooth colour ramps and a few hard edges.
    fn scene(x: u32, y: u32) -> [u8; 3] {
        let edge = if (x / 37 + y / 23).is_multiple_of(5) {
            60
        } else {
            0
        };
        [
            (x * 7 % 256) as u8 / 2 + edge,
            (y * 3 % 256) as u8 / 2 + 40,
            ((x + 2 * y) % 200) as u8 + edge / 2,
        ]
    }

    fn run(bytes: &[u8], recipe: &str) -> crate::Rendered {
        render(
            bytes,
            &Recipe::parse(recipe).unwrap(),
            &Limits::default(),
            &Cancel::new(),
        )
        .unwrap()
    }

    /// RGB pixels and size of an encoded JPEG, PNG or WebP.
    fn rgb(bytes: &[u8]) -> (Vec<u8>, (u32, u32)) {
        if bytes.starts_with(&[0xFF, 0xD8]) {
            let img = turbojpeg::decompress(bytes, PixelFormat::RGB).unwrap();
            return (img.pixels, (img.width as u32, img.height as u32));
        }
        let img = image::load_from_memory(bytes).unwrap().to_rgb8();
        let size = img.dimensions();
        (img.into_raw(), size)
    }

    fn psnr(a: &[u8], b: &[u8]) -> f64 {
        assert_eq!(a.len(), b.len());
        let se: f64 = a
            .iter()
            .zip(b)
            .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
            .sum();
        10.0 * (255.0f64.powi(2) / (se / a.len() as f64).max(1e-9)).log10()
    }

    /// PSNR of the planar output and of the RGB path's (`flip,flip` keeps it there) against
    /// the truth: the JPEG's own pixels before compression, losslessly, as a PNG turned as
    /// the JPEG's orientation turns it and resized on the RGB path.
    fn planar_and_rgb(
        (source, truth): (&[u8], &[u8]),
        orient: &str,
        resize: &str,
        output: &str,
    ) -> (f64, f64) {
        let reference = run(truth, &format!("{orient}{resize},format:png"));
        let (b, size) = rgb(&reference.bytes);
        let db = |recipe: String| {
            let out = run(source, &recipe);
            let (a, size_a) = rgb(&out.bytes);
            assert_eq!((size_a, (out.width, out.height)), (size, size), "{recipe}");
            psnr(&a, &b)
        };
        (
            db(format!("{resize},{output}")),
            db(format!("{resize},flip,flip,{output}")),
        )
    }

    fn png((w, h): (u32, u32), pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
        use image::{codecs::png::PngEncoder, ExtendedColorType, ImageEncoder};
        let data: Vec<u8> = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .flat_map(|(x, y)| pixel(x, y))
            .collect();
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(&data, w, h, ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    #[test]
    fn planar_output_matches_the_rgb_path_on_odd_sizes_and_orientations() {
        for (size, subsamp, orientation, orient) in [
            ((641, 479), Subsamp::Sub2x2, 1, ""),
            ((641, 479), Subsamp::Sub2x2, 6, "rotate:90,"),
            ((333, 517), Subsamp::Sub2x2, 3, "rotate:180,"),
            ((401, 299), Subsamp::None, 8, "rotate:270,"),
            ((401, 299), Subsamp::Sub2x1, 2, "flop,"),
        ] {
            let source = jpeg(size, subsamp, orientation, scene);
            let truth = png(size, scene);
            for resize in ["resize_to_limit:201:151", "resize_to_fill:99:77"] {
                for output in ["quality:100", "quality:90,progressive:true"] {
                    let (planar, rgb) = planar_and_rgb((&source, &truth), orient, resize, output);
                    assert!(
                        // Within 1 dB: after shrink-on-load (resize_to_fill here) the planes' chroma
                        // comes from scaled IDCTs, 0.7 dB worse on this scene's hard chroma edges.
                        planar > rgb - 1.0,
                        "{size:?} {subsamp:?} o{orientation} {resize},{output}: {planar:.1} dB, \
                         RGB path {rgb:.1} dB"
                    );
                }
            }
        }
    }

    /// Whether a render of `recipe` on `source` takes the planar path.
    fn takes_planes(source: &[u8], recipe: &str) -> bool {
        let recipe = Recipe::parse(recipe).unwrap();
        let env = Env {
            overlays: &Overlays::new(),
            limits: &Limits::default(),
            cancel: &Cancel::new(),
        };
        let (info, plans, shrink) = plan_all(source, std::slice::from_ref(&recipe), &env).unwrap();
        let icc = super::source_icc(source, &plans);
        plans
            .iter()
            .flatten()
            .any(|p| p.takes_planes(icc.as_deref()))
            && super::decode(source, &info, shrink, icc).unwrap().is_some()
    }

    #[test]
    fn a_recipe_renders_the_same_bytes_alone_and_beside_rgb_recipes() {
        let source = jpeg((641, 479), Subsamp::Sub2x2, 1, scene);
        let planar = "resize_to_limit:200:150";
        assert!(takes_planes(&source, planar));
        let batch: Vec<Recipe> = [planar, "resize_to_limit:200:150,format:png", "blur:1"]
            .iter()
            .map(|r| Recipe::parse(r).unwrap())
            .collect();
        let rendered = render_many(
            &source,
            &batch,
            &Overlays::new(),
            &Limits::default(),
            &Cancel::new(),
        )
        .unwrap();
        for (recipe, together) in [planar, "resize_to_limit:200:150,format:png"]
            .iter()
            .zip(rendered)
        {
            assert_eq!(together.unwrap(), run(&source, recipe), "{recipe}");
        }
    }

    #[test]
    fn only_resizes_of_ycbcr_jpegs_into_jpeg_take_planes() {
        // Displayed 200x300.
        let colour = jpeg((300, 200), Subsamp::Sub2x2, 6, scene);
        for recipe in [
            "resize_to_limit:100:150",
            "resize_to_fill:50:50",
            "resize_to_fit:120:",
            "resize_to_limit:100:150,keep_metadata:true",
        ] {
            assert!(takes_planes(&colour, recipe), "{recipe}");
        }
        for recipe in [
            "resize_to_limit:100:150,format:png",
            "resize_to_limit:100:150,format:webp",
            "resize_to_limit:100:150,chroma:444",
            "resize_to_limit:100:150,blur:2",
            "resize_to_limit:1000:1000",
            "rotate:90,resize_to_limit:100:150",
            // 67x100: odd, and turned.
            "resize_to_limit:100:100",
        ] {
            assert!(!takes_planes(&colour, recipe), "{recipe}");
        }
        let upright = jpeg((300, 200), Subsamp::Sub2x2, 1, scene);
        assert!(takes_planes(&upright, "resize_to_limit:101:101"));
        let image = Image {
            pixels: &[128u8; 64 * 64][..],
            width: 64,
            pitch: 64,
            height: 64,
            format: PixelFormat::GRAY,
        };
        let gray = turbojpeg::compress(image, 90, Subsamp::Gray).unwrap();
        assert!(!takes_planes(&gray, "resize_to_limit:10:10"));
    }

    #[test]
    fn jpeg_has_the_subsampling_the_output_asks() {
        let source = jpeg((300, 200), Subsamp::Sub2x2, 1, scene);
        for (output, subsamp) in [
            ("quality:80", Subsamp::Sub2x2),
            ("quality:80,chroma:444", Subsamp::None),
        ] {
            let out = run(&source, &format!("resize_to_limit:101:101,{output}"));
            let header = turbojpeg::read_header(&out.bytes).unwrap();
            assert_eq!(header.subsamp, subsamp, "{output}");
            assert_eq!((header.width, header.height), (101, 67));
        }
    }

    #[test]
    fn flat_colours_do_not_shift() {
        // Two flat halves, saturated colours: a chroma offset or a range error would show.
        let colours = [[200u8, 40, 60], [30, 90, 220]];
        let source = jpeg((513, 257), Subsamp::Sub2x2, 1, |x, _| {
            colours[(x >= 256) as usize]
        });
        for output in ["quality:95", "quality:90,progressive:true"] {
            let out = run(&source, &format!("resize_to_limit:129:,{output}"));
            let (px, (w, h)) = rgb(&out.bytes);
            for (colour, x0) in colours.iter().zip([8, w - 40]) {
                // The mean of a 32x32 patch well inside each half.
                let mut sum = [0u32; 3];
                for y in h / 2 - 16..h / 2 + 16 {
                    for x in x0..x0 + 32 {
                        let p = &px[(y * w + x) as usize * 3..][..3];
                        for c in 0..3 {
                            sum[c] += u32::from(p[c]);
                        }
                    }
                }
                let mean = sum.map(|s| f64::from(s) / 1024.0);
                for c in 0..3 {
                    assert!(
                        (mean[c] - f64::from(colour[c])).abs() < 2.0,
                        "{output}: mean {mean:?}, source {colour:?}"
                    );
                }
            }
        }
    }
}
