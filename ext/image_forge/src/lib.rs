//! Ruby binding for image_forge_core: conversion, GVL release, panic boundary, errors.
//! No image logic lives here.

mod errors;
mod native;
mod nogvl;
mod recipe;
mod s3;

use magnus::{Error, Ruby};

#[magnus::init]
fn init(ruby: &Ruby) -> Result<(), Error> {
    let module = ruby.define_module("ImageForge")?;
    let native = native::init(&module)?;
    s3::init(ruby, &native)
}
