//! S3 storage (feature `s3`): uploads, downloads, listing, copies and presigned URLs on
//! aws-sdk-s3, for AWS and S3-compatible stores. All I/O runs on one Tokio runtime shared by
//! the process (rebuilt after a fork); every call blocks its caller, which the Ruby binding
//! runs without the GVL.

mod body;
mod config;
mod error;
mod runtime;
mod store;
mod upload;

pub use config::{S3Config, StaticCredentials};
pub use error::StorageError;
pub use store::{
    Entry, Head, ListPage, Method, PresignOptions, Presigned, PutOptions, S3Store, Stored,
};
