"""Where uploaded and generated files are kept, read from the environment by settings.py.

Evidence from the public, letter PDFs and inbound email (the original message and its attachments) are kept by
Django's default storage. One machine keeps them as local files under MEDIA_ROOT; more than one machine keeps them
on S3-compatible object storage (FILE_STORAGE=s3), so that every web node and worker sees the same files.

Either way the files are private: nothing links to the storage. Every download goes through a view that checks who
may see the case and then streams the file itself (portal/views, notifications/views), so the bucket must not be
public and needs no public URLs.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from putright.env import env_str

KINDS = ("local", "s3")


def default_storage() -> dict[str, Any]:
    """The STORAGES["default"] entry that FILE_STORAGE and its settings ask for."""
    kind = env_str("FILE_STORAGE", "local").strip().lower()
    if kind not in KINDS:
        raise ImproperlyConfigured(f"FILE_STORAGE={kind!r} must be local or s3.")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # under MEDIA_ROOT
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (see .env.example).")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Files get random names, but a name already taken is never overwritten, as with local files.
        "file_overwrite": False,
        # A download larger than this goes to a temporary file on its way to the browser rather than into memory.
        "max_memory_size": 2 * 1024 * 1024,
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",  # empty: Amazon S3 itself; otherwise MinIO, Ceph, Garage, ...
        "region_name": "AWS_S3_REGION_NAME",
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",  # "path" for most S3-compatible servers
        "location": "AWS_LOCATION",  # a folder inside the bucket, e.g. one per council sharing a bucket
        # Keys: empty uses boto3's own chain (the machine's role, a profile, AWS_* in the environment).
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
    }
    for option, name in optional.items():
        if value := env_str(name, "").strip():
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
