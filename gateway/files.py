"""Uploads as the gateway takes them: checked and stored in the file store here, and only the
key, sha256, size and detected type travel to the services (never the bytes)."""
from __future__ import annotations

from werkzeug.exceptions import RequestEntityTooLarge

from services.common import filetypes
from services.common.errors import InvalidInput, PayloadTooLarge, UnsupportedType
from services.common.file_store import TooLarge

FILE_FIELD = "file"


def _refuse(code: str, message: str, status_class=InvalidInput):
    return status_class(code, message, {FILE_FIELD: message})


def receive(request, store, max_bytes: int) -> tuple[dict, str]:
    """Check and store the multipart upload; (metadata for the service, kind field)."""
    request.max_content_length = max_bytes + 64 * 1024  # the multipart envelope around the file
    try:
        upload = request.files.get(FILE_FIELD)
        kind = request.form.get("kind")
    except RequestEntityTooLarge:
        raise too_large(max_bytes) from None
    if upload is None:
        raise _refuse("file_missing", "请选择要上传的文件")
    try:
        filename = filetypes.safe_filename(upload.filename)
        detected = filetypes.detect(upload.stream)
    except filetypes.Refused as exc:
        raise _refuse(exc.code, exc.message) from None
    if detected is None:
        allowed = "、".join(label for _, label in filetypes.TYPES.values())
        raise _refuse("file_type_refused", f"不支持该文件类型（按文件内容识别），仅支持：{allowed}",
                      UnsupportedType)
    try:
        stored = store.put(upload.stream, max_bytes)
    except TooLarge:
        raise too_large(max_bytes) from None
    content_type = filetypes.TYPES[detected][0]
    return ({"key": stored.key, "sha256": stored.sha256, "size": stored.size,
             "filename": filename, "content_type": content_type, "kind": kind}, detected)



def too_large(max_bytes: int) -> PayloadTooLarge:
    message = f"文件大小超过限制（本次最多 {max_bytes / 2**20:.1f} MB）"
    return PayloadTooLarge("file_too_large", message, {FILE_FIELD: message})
