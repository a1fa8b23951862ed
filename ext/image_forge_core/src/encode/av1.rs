//! One AV1 still frame through libaom in all-intra mode: the usage libavif picks for still
//! images, several times faster than the good-quality (video) usage at the same size.

use std::ffi::{c_int, c_uint, CStr};
use std::mem::MaybeUninit;
use std::ptr;

use libaom_sys as aom;

/// How the frame's chroma is sampled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Sampling {
    Yuv420,
    Yuv444,
    /// Luma only (an alpha plane), described to libaom as 4:2:0 with neutral chroma planes,
    /// which a monochrome encode does not code.
    Monochrome,
}

/// An 8-bit planar frame: full-range BT.601 YCbCr with sRGB primaries and transfer, or a
/// monochrome plane.
pub(super) struct Frame<'a> {
    pub width: u32,
    pub height: u32,
    pub sampling: Sampling,
    /// Y, Cb, Cr, each row-major with no padding: width (or the chroma width) bytes per row.
    pub planes: [&'a [u8]; 3],
}

impl Sampling {
    /// The size of a chroma plane for a frame of `width` x `height`.
    pub(super) fn chroma_size(self, width: u32, height: u32) -> (u32, u32) {
        match self {
            Sampling::Yuv444 => (width, height),
            Sampling::Yuv420 | Sampling::Monochrome => (width.div_ceil(2), height.div_ceil(2)),
        }
    }
}

/// Encodes `frame` at `quantizer` (0 best ..= 63) and libaom speed `cpu_used` (0 ..= 9), on
/// the calling thread. Returns the frame's OBUs without the temporal delimiter, as an AVIF
/// item holds them.
pub(super) fn encode(frame: &Frame, quantizer: u8, cpu_used: u8) -> Result<Vec<u8>, String> {
    let (cw, ch) = frame.sampling.chroma_size(frame.width, frame.height);
    let luma = frame.width as usize * frame.height as usize;
    let chroma = cw as usize * ch as usize;
    if frame.planes[0].len() != luma
        || frame.planes[1].len() != chroma
        || frame.planes[2].len() != chroma
    {
        return Err("plane sizes do not match the frame".into());
    }
    let mut encoder = Encoder::new(frame)?;
    let full_range = aom::AOM_CR_FULL_RANGE as c_int;
    encoder.control(aom::AOME_SET_CPUUSED, c_int::from(cpu_used))?;
    encoder.control(aom::AOME_SET_CQ_LEVEL, c_int::from(quantizer))?;
    encoder.control(aom::AV1E_SET_COLOR_RANGE, full_range)?;
    encoder.control(
        aom::AV1E_SET_COLOR_PRIMARIES,
        aom::AOM_CICP_CP_BT_709 as c_int,
    )?;
    encoder.control(
        aom::AV1E_SET_TRANSFER_CHARACTERISTICS,
        aom::AOM_CICP_TC_SRGB as c_int,
    )?;
    encoder.control(
        aom::AV1E_SET_MATRIX_COEFFICIENTS,
        aom::AOM_CICP_MC_BT_601 as c_int,
    )?;
    // Nothing reads the reconstruction of a single frame, so skip its loop filters' last pass.
    encoder.control(aom::AV1E_SET_SKIP_POSTPROC_FILTERING, 1)?;
    encoder.encode(frame)
}

/// An initialised libaom encoder context, destroyed on drop.
struct Encoder {
    // Boxed: the context is initialised in place and must not move afterwards.
    ctx: Box<aom::aom_codec_ctx_t>,
}

impl Encoder {
    fn new(frame: &Frame) -> Result<Encoder, String> {
        // SAFETY: libaom fills the zeroed config and context; both are plain C structs, and
        // the context is destroyed exactly once, by Drop, only after init succeeded.
        unsafe {
            let iface = aom::aom_codec_av1_cx();
            let mut cfg = MaybeUninit::<aom::aom_codec_enc_cfg_t>::zeroed();
            let status = aom::aom_codec_enc_config_default(
                iface,
                cfg.as_mut_ptr(),
                aom::AOM_USAGE_ALL_INTRA,
            );
            if status != aom::AOM_CODEC_OK {
                return Err(format!(
                    "libaom has no all-intra configuration (status {status})"
                ));
            }
            let mut cfg = cfg.assume_init();
            cfg.g_w = frame.width;
            cfg.g_h = frame.height;
            cfg.g_threads = 1;
            cfg.g_limit = 1; // one frame: a still picture with a reduced sequence header
            cfg.g_lag_in_frames = 0;
            cfg.g_profile = c_uint::from(frame.sampling == Sampling::Yuv444);
            cfg.g_bit_depth = aom::AOM_BITS_8;
            cfg.g_input_bit_depth = 8;
            cfg.monochrome = c_uint::from(frame.sampling == Sampling::Monochrome);
            cfg.rc_end_usage = aom::AOM_Q;
            // The quantizer is set as the cq level; the full range around it leaves libaom
            // free to vary it per block.
            cfg.rc_min_quantizer = 0;
            cfg.rc_max_quantizer = 63;
            cfg.kf_mode = aom::AOM_KF_DISABLED;
            cfg.kf_max_dist = 0;
            let mut ctx = Box::new(MaybeUninit::<aom::aom_codec_ctx_t>::zeroed());
            let status = aom::aom_codec_enc_init_ver(
                ctx.as_mut_ptr(),
                iface,
                &cfg,
                0,
                aom::AOM_ENCODER_ABI_VERSION as c_int,
            );
            if status != aom::AOM_CODEC_OK {
                return Err(format!(
                    "libaom refused the configuration (status {status})"
                ));
            }
            Ok(Encoder {
                ctx: ctx.assume_init(),
            })
        }
    }

    fn control(&mut self, id: aom::aome_enc_control_id, value: c_int) -> Result<(), String> {
        // SAFETY: every control set here takes one int (or unsigned int) argument.
        let status = unsafe { aom::aom_codec_control(&mut *self.ctx, id as c_int, value) };
        self.check(status, "control")
    }

    fn encode(&mut self, frame: &Frame) -> Result<Vec<u8>, String> {
        let (chroma_width, _) = frame.sampling.chroma_size(frame.width, frame.height);
        let format = match frame.sampling {
            Sampling::Yuv444 => aom::AOM_IMG_FMT_I444,
            Sampling::Yuv420 | Sampling::Monochrome => aom::AOM_IMG_FMT_I420,
        };
        // SAFETY: aom_img_wrap only fills the descriptor; the planes and strides are then set
        // to the caller's slices, whose sizes encode() checked, and which outlive the call.
        // libaom reads the planes during aom_codec_encode and never writes them.
        unsafe {
            let mut image = MaybeUninit::<aom::aom_image_t>::zeroed();
            let wrapped = aom::aom_img_wrap(
                image.as_mut_ptr(),
                format,
                frame.width,
                frame.height,
                1,
                frame.planes[0].as_ptr().cast_mut(),
            );
            if wrapped.is_null() {
                return Err("libaom could not describe the frame".into());
            }
            let mut image = image.assume_init();
            for (i, plane) in frame.planes.iter().enumerate() {
                image.planes[i] = plane.as_ptr().cast_mut();
            }
            image.stride = [
                frame.width as c_int,
                chroma_width as c_int,
                chroma_width as c_int,
            ];
            image.range = aom::AOM_CR_FULL_RANGE;
            image.cp = aom::AOM_CICP_CP_BT_709;
            image.tc = aom::AOM_CICP_TC_SRGB;
            image.mc = aom::AOM_CICP_MC_BT_601;
            image.monochrome = c_int::from(frame.sampling == Sampling::Monochrome);
            let status = aom::aom_codec_encode(&mut *self.ctx, &image, 0, 1, 0);
            self.check(status, "encode")?;
        }
        let mut out = self.drain();
        // SAFETY: a null image flushes the encoder.
        let status = unsafe { aom::aom_codec_encode(&mut *self.ctx, ptr::null(), 0, 0, 0) };
        self.check(status, "flush")?;
        out.extend(self.drain());
        // The temporal delimiter OBU (type 2, with a size field, empty) leads every temporal
        // unit; an AVIF item's sample leaves it out.
        if out.starts_with(&[0x12, 0x00]) {
            out.drain(..2);
        }
        if out.is_empty() {
            return Err("libaom produced no frame".into());
        }
        Ok(out)
    }

    /// The compressed data of the packets libaom holds.
    fn drain(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut iter: aom::aom_codec_iter_t = ptr::null();
        loop {
            // SAFETY: libaom returns packets valid until the next call on the context; each
            // frame packet's buffer holds `sz` bytes, copied out at once.
            unsafe {
                let packet = aom::aom_codec_get_cx_data(&mut *self.ctx, &mut iter);
                if packet.is_null() {
                    return out;
                }
                if (*packet).kind == aom::AOM_CODEC_CX_FRAME_PKT {
                    let frame = (*packet).data.frame;
                    out.extend_from_slice(std::slice::from_raw_parts(
                        frame.buf.cast::<u8>(),
                        frame.sz,
                    ));
                }
            }
        }
    }

    fn check(&self, status: aom::aom_codec_err_t, what: &str) -> Result<(), String> {
        if status == aom::AOM_CODEC_OK {
            return Ok(());
        }
        // SAFETY: libaom returns a static string, or null.
        let message = unsafe {
            let detail = aom::aom_codec_error(&*self.ctx);
            if detail.is_null() {
                String::from("unknown error")
            } else {
                CStr::from_ptr(detail).to_string_lossy().into_owned()
            }
        };
        Err(format!("libaom {what}: {message}"))
    }
}

impl Drop for Encoder {
    fn drop(&mut self) {
        // SAFETY: the context was initialised by aom_codec_enc_init_ver and is destroyed once.
        unsafe {
            aom::aom_codec_destroy(&mut *self.ctx);
        }
    }
}
