//! `ImageForge::Native::S3`: one bucket's client, wrapped for Ruby. Arguments are copied out
//! of Ruby objects, the S3 call runs without the GVL, results become Ruby objects after.

use std::{path::PathBuf, sync::Arc, time::Duration};

use image_forge_core::s3::{
    Method, PresignOptions, PutOptions, S3Config, S3Store, StaticCredentials, StorageError,
};
use image_forge_core::Cancel;
use magnus::{
    function, method, prelude::*, Error, RArray, RHash, RModule, RString, Ruby, TryConvert,
};

use crate::{errors, nogvl::without_gvl};

#[magnus::wrap(class = "ImageForge::Native::S3", free_immediately, size)]
struct S3(Arc<S3Store>);

pub(crate) fn init(ruby: &Ruby, native: &RModule) -> Result<(), Error> {
    let class = native.define_class("S3", ruby.class_object())?;
    class.define_singleton_method("new", function!(S3::new, 1))?;
    class.define_method("put_file", method!(S3::put_file, 3))?;
    class.define_method("put_bytes", method!(S3::put_bytes, 3))?;
    class.define_method("get_bytes", method!(S3::get_bytes, 2))?;
    class.define_method("get_file", method!(S3::get_file, 3))?;
    class.define_method("head", method!(S3::head, 1))?;
    class.define_method("exists", method!(S3::exists, 1))?;
    class.define_method("delete", method!(S3::delete, 1))?;
    class.define_method("copy", method!(S3::copy, 2))?;
    class.define_method("list_page", method!(S3::list_page, 3))?;
    class.define_method("presign", method!(S3::presign, 4))?;
    Ok(())
}

/// Runs `work` without the GVL; storage errors and panics come back as Ruby exceptions.
fn io<T: Send>(
    ruby: &Ruby,
    work: impl FnOnce(&Cancel) -> Result<T, StorageError> + Send,
) -> Result<T, Error> {
    match without_gvl(work) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(errors::storage_to_ruby(ruby, e)),
        Err(panic) => Err(errors::panic_to_ruby(ruby, panic)),
    }
}

fn get<T: TryConvert>(settings: RHash, name: &str) -> Result<T, Error> {
    let ruby = Ruby::get().expect("called from Ruby");
    settings.aref::<_, T>(ruby.to_symbol(name))
}

fn seconds(settings: RHash, name: &str) -> Result<Duration, Error> {
    let value: f64 = get(settings, name)?;
    Duration::try_from_secs_f64(value).map_err(|_| {
        Error::new(
            Ruby::get().expect("called from Ruby").exception_arg_error(),
            format!("{name} must be a positive number of seconds"),
        )
    })
}

/// `[content_type, cache_control, content_disposition, [[name, value], ...]]`.
fn put_options(
    (content_type, cache_control, content_disposition, metadata): RbPutOptions,
) -> PutOptions {
    PutOptions {
        content_type,
        cache_control,
        content_disposition,
        metadata,
    }
}

/// `[method, url, [[header, value], ...]]`
type RbPresigned = (String, String, Vec<(String, String)>);

type RbPutOptions = (
    Option<String>,
    Option<String>,
    Option<String>,
    Vec<(String, String)>,
);

impl S3 {
    /// Settings as a Hash of Symbol keys, every key present (the Ruby layer fills defaults).
    fn new(ruby: &Ruby, settings: RHash) -> Result<Self, Error> {
        let access_key_id: Option<String> = get(settings, "access_key_id")?;
        let secret_access_key: Option<String> = get(settings, "secret_access_key")?;
        let credentials = match (access_key_id, secret_access_key) {
            (Some(access_key_id), Some(secret_access_key)) => Some(StaticCredentials {
                access_key_id,
                secret_access_key,
                session_token: get(settings, "session_token")?,
            }),
            _ => None,
        };
        let config = S3Config {
            bucket: get(settings, "bucket")?,
            region: get(settings, "region")?,
            endpoint: get(settings, "endpoint")?,
            force_path_style: get(settings, "force_path_style")?,
            credentials,
            connect_timeout: seconds(settings, "connect_timeout")?,
            read_timeout: seconds(settings, "read_timeout")?,
            operation_timeout: seconds(settings, "operation_timeout")?,
            max_attempts: get(settings, "max_attempts")?,
            initial_backoff: seconds(settings, "initial_backoff")?,
            multipart_threshold: get(settings, "multipart_threshold")?,
            part_size: get(settings, "part_size")?,
            concurrency: get(settings, "concurrency")?,
        };
        S3Store::new(config)
            .map(|store| Self(Arc::new(store)))
            .map_err(|e| errors::storage_to_ruby(ruby, e))
    }

    fn store(&self) -> Arc<S3Store> {
        self.0.clone()
    }

    /// -> [etag, size]
    fn put_file(
        ruby: &Ruby,
        rb_self: &Self,
        key: String,
        path: String,
        options: RbPutOptions,
    ) -> Result<(String, u64), Error> {
        let (store, options) = (rb_self.store(), put_options(options));
        io(ruby, move |cancel| {
            store.put_file(&key, &PathBuf::from(path), &options, cancel)
        })
        .map(|s| (s.etag, s.size))
    }

    /// -> [etag, size]
    fn put_bytes(
        ruby: &Ruby,
        rb_self: &Self,
        key: String,
        bytes: RString,
        options: RbPutOptions,
    ) -> Result<(String, u64), Error> {
        let (store, options) = (rb_self.store(), put_options(options));
        // SAFETY: copied before any Ruby code (or GC) can run.
        let bytes = unsafe { bytes.as_slice() }.to_vec();
        io(ruby, move |cancel| {
            store.put_bytes(&key, bytes, &options, cancel)
        })
        .map(|s| (s.etag, s.size))
    }

    /// `get_bytes(key, max_bytes or nil)`
    fn get_bytes(
        ruby: &Ruby,
        rb_self: &Self,
        key: String,
        max_bytes: Option<u64>,
    ) -> Result<RString, Error> {
        let store = rb_self.store();
        let bytes = io(ruby, move |cancel| store.get_bytes(&key, max_bytes, cancel))?;
        Ok(ruby.str_from_slice(&bytes))
    }

    /// `get_file(key, path, max_bytes or nil)` -> bytes written
    fn get_file(
        ruby: &Ruby,
        rb_self: &Self,
        key: String,
        path: String,
        max_bytes: Option<u64>,
    ) -> Result<u64, Error> {
        let store = rb_self.store();
        io(ruby, move |cancel| {
            store.get_file(&key, &PathBuf::from(path), max_bytes, cancel)
        })
    }

    /// -> [size, etag, content_type, cache_control, content_disposition, last_modified, metadata]
    fn head(ruby: &Ruby, rb_self: &Self, key: String) -> Result<RArray, Error> {
        let store = rb_self.store();
        let head = io(ruby, move |cancel| store.head(&key, cancel))?;
        let out = ruby.ary_new_capa(7);
        out.push(head.size)?;
        out.push(head.etag)?;
        out.push(head.content_type)?;
        out.push(head.cache_control)?;
        out.push(head.content_disposition)?;
        out.push(head.last_modified)?;
        out.push(head.metadata)?;
        Ok(out)
    }

    fn exists(ruby: &Ruby, rb_self: &Self, key: String) -> Result<bool, Error> {
        let store = rb_self.store();
        io(ruby, move |cancel| store.exists(&key, cancel))
    }

    fn delete(ruby: &Ruby, rb_self: &Self, key: String) -> Result<(), Error> {
        let store = rb_self.store();
        io(ruby, move |cancel| store.delete(&key, cancel))
    }

    fn copy(ruby: &Ruby, rb_self: &Self, from: String, to: String) -> Result<(), Error> {
        let store = rb_self.store();
        io(ruby, move |cancel| store.copy(&from, &to, cancel))
    }

    /// -> [[[key, size, etag, last_modified], ...], next_token]
    fn list_page(
        ruby: &Ruby,
        rb_self: &Self,
        prefix: String,
        token: Option<String>,
        max_keys: i32,
    ) -> Result<(RArray, Option<String>), Error> {
        let store = rb_self.store();
        let page = io(ruby, move |cancel| {
            store.list_page(&prefix, token, max_keys, cancel)
        })?;
        let entries = ruby.ary_new_capa(page.entries.len());
        for e in page.entries {
            entries.push((e.key, e.size, e.etag, e.last_modified))?;
        }
        Ok((entries, page.next))
    }

    /// `presign(method, key, expires_in, [content_type, content_length, disposition])`
    /// -> [method, url, [[header, value], ...]]
    fn presign(
        ruby: &Ruby,
        rb_self: &Self,
        method: String,
        key: String,
        expires_in: f64,
        (content_type, content_length, response_content_disposition): (
            Option<String>,
            Option<u64>,
            Option<String>,
        ),
    ) -> Result<RbPresigned, Error> {
        let method = match method.as_str() {
            "get" => Method::Get,
            "put" => Method::Put,
            other => {
                return Err(Error::new(
                    ruby.exception_arg_error(),
                    format!("method must be :get or :put, got {other}"),
                ))
            }
        };
        let expires_in = Duration::try_from_secs_f64(expires_in)
            .map_err(|_| Error::new(ruby.exception_arg_error(), "expires_in must be positive"))?;
        let options = PresignOptions {
            content_type,
            content_length,
            response_content_disposition,
        };
        let store = rb_self.store();
        let presigned = io(ruby, move |_| {
            store.presign(method, &key, expires_in, &options)
        })?;
        Ok((presigned.method, presigned.url, presigned.headers))
    }
}
