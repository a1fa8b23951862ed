//! Compiles the C side of the banded JPEG decode (`src/decode/jpeg_rows.c`) against the
//! libjpeg-turbo that turbojpeg-sys builds: its headers come from that crate's `include`
//! metadata, its library is already linked for the turbojpeg crate.

fn main() {
    let source = "src/decode/jpeg_rows.c";
    println!("cargo:rerun-if-changed={source}");
    let include = std::env::var("DEP_TURBOJPEG_INCLUDE")
        .expect("turbojpeg-sys reports the libjpeg-turbo headers it built");
    let mut build = cc::Build::new();
    for dir in include.split(',') {
        build.include(dir);
    }
    build
        .file(source)
        .opt_level(2)
        .compile("image_forge_jpeg_rows");
}
