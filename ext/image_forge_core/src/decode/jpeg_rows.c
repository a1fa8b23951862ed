/*
 * A JPEG decoded a few rows at a time through libjpeg-turbo's libjpeg API (the TurboJPEG API
 * only decodes whole images), so a render holds a band of the source instead of all of it.
 *
 * libjpeg reports fatal errors by calling error_exit, which must not return: each entry point
 * sets a jump target before calling into libjpeg, and error_exit jumps back to it with the
 * message kept for Rust. Warnings (a truncated scan, extraneous bytes) are fatal too, as they
 * are to the whole-image decode (the turbojpeg crate fails on TurboJPEG's warnings), so both
 * refuse the same files. Nothing is printed.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jpeglib.h"

struct if_jpeg_error {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

struct if_jpeg_rows {
  struct jpeg_decompress_struct cinfo;
  struct if_jpeg_error err;
};

static void if_error_exit(j_common_ptr cinfo) {
  struct if_jpeg_error *err = (struct if_jpeg_error *)cinfo->err;
  (*cinfo->err->format_message)(cinfo, err->message);
  longjmp(err->jump, 1);
}

static void if_output_message(j_common_ptr cinfo) { (void)cinfo; }

/* Level -1 is a warning about corrupt data; higher levels are trace messages. */
static void if_emit_message(j_common_ptr cinfo, int msg_level) {
  if (msg_level < 0) if_error_exit(cinfo);
}

/* The message of the last fatal error, for the Rust side to copy. */
const char *if_jpeg_rows_error(const struct if_jpeg_rows *rows) { return rows->err.message; }

/*
 * Starts decoding `len` bytes at `data` (which must outlive the decoder), scaled by
 * 1/`denom` in the DCT domain, to `components` channels per pixel (1: gray, 3: RGB). Returns
 * NULL only when out of memory; otherwise check if_jpeg_rows_error's message, empty when the
 * start succeeded, and close the decoder either way. `width` and `height` receive the scaled
 * size.
 */
struct if_jpeg_rows *if_jpeg_rows_open(const unsigned char *data, unsigned long len,
                                       unsigned int denom, int components,
                                       unsigned int *width, unsigned int *height) {
  struct if_jpeg_rows *rows = calloc(1, sizeof(*rows));
  if (rows == NULL) return NULL;
  rows->cinfo.err = jpeg_std_error(&rows->err.pub);
  rows->err.pub.error_exit = if_error_exit;
  rows->err.pub.output_message = if_output_message;
  rows->err.pub.emit_message = if_emit_message;
  if (setjmp(rows->err.jump)) {
    if (rows->err.message[0] == '\0') strcpy(rows->err.message, "libjpeg error");
    return rows;
  }
  jpeg_create_decompress(&rows->cinfo);
  jpeg_mem_src(&rows->cinfo, data, len);
  jpeg_read_header(&rows->cinfo, TRUE);
  rows->cinfo.scale_num = 1;
  rows->cinfo.scale_denom = denom;
  rows->cinfo.out_color_space = components == 1 ? JCS_GRAYSCALE : JCS_EXT_RGB;
  jpeg_start_decompress(&rows->cinfo);
  *width = rows->cinfo.output_width;
  *height = rows->cinfo.output_height;
  return rows;
}

/*
 * Limits the decode to columns `*first` .. `*first + *count` (the scaled image's), widened by
 * libjpeg to whole iMCU columns: on return they hold the columns each row will have. Returns
 * 0, or -1 on a fatal error.
 */
int if_jpeg_rows_columns(struct if_jpeg_rows *rows, unsigned int *first, unsigned int *count) {
  if (setjmp(rows->err.jump)) return -1;
  JDIMENSION x = *first, w = *count;
  jpeg_crop_scanline(&rows->cinfo, &x, &w);
  *first = x;
  *count = w;
  return 0;
}

/* Skips `count` rows without their colour conversion. Returns the rows skipped, or -1. */
long if_jpeg_rows_skip(struct if_jpeg_rows *rows, unsigned int count) {
  if (setjmp(rows->err.jump)) return -1;
  return (long)jpeg_skip_scanlines(&rows->cinfo, count);
}

/*
 * Decodes up to `count` rows into `out`, each `stride` bytes apart. Returns the rows decoded,
 * 0 at the end of the image, or -1 on a fatal error (see if_jpeg_rows_error).
 */
long if_jpeg_rows_read(struct if_jpeg_rows *rows, unsigned char *out, unsigned long stride,
                       unsigned int count) {
  if (setjmp(rows->err.jump)) return -1;
  unsigned int done = 0;
  while (done < count && rows->cinfo.output_scanline < rows->cinfo.output_height) {
    JSAMPROW row = out + (unsigned long)done * stride;
    done += jpeg_read_scanlines(&rows->cinfo, &row, 1);
  }
  return (long)done;
}

void if_jpeg_rows_close(struct if_jpeg_rows *rows) {
  if (rows == NULL) return;
  /* jpeg_destroy_decompress only frees; no error path reaches error_exit. */
  jpeg_destroy_decompress(&rows->cinfo);
  free(rows);
}
