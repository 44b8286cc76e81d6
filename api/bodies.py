"""Request bodies read only after the caller's key is checked, and parsed off the event loop.

FastAPI reads and parses a declared body before it resolves any dependency, so any client could make the server
parse 50 MB on its event loop before being told its key is wrong. Routes declare their body through these
dependencies instead (each depends on the caller), and `body_doc` keeps the published schema.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import CallerDep
from api.packages import upload_name

M = TypeVar("M", bound=BaseModel)
FILE = "file"


def json_body(model: type[M], empty: M | None = None) -> Callable[..., Awaitable[M]]:
    """A dependency giving the JSON body as `model`, read once the caller's key is known; an empty body is
    `empty`, or refused when there is none."""

    async def parsed(request: Request, caller: CallerDep) -> M:
        data = await request.body()
        if data:
            return await run_in_threadpool(_validated, model, data)
        if empty is None:
            raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "Field required"}])
        return empty

    return parsed


def _validated(model: type[M], data: bytes) -> M:
    try:
        return model.model_validate_json(data)  # a lone surrogate is invalid JSON here, not a 500 later
    except ValidationError as error:
        raise RequestValidationError([{**item, "loc": ("body", *item["loc"])} for item in error.errors()]) from None


async def uploaded_file(request: Request, caller: CallerDep) -> tuple[str, bytes]:
    """The multipart field `file` (its name without folders, and its bytes), read once the caller's key is known;
    a body that is not multipart is refused as invalid JSON is (422 located `body`), not with Starlette's 400."""
    try:
        async with request.form(max_files=1, max_fields=10) as form:
            upload = form.get(FILE)
            if not isinstance(upload, UploadFile):
                raise RequestValidationError([{"type": "missing", "loc": ("body", FILE), "msg": "Field required"}])
            return upload_name(upload.filename, "package.zip"), await upload.read()
    except StarletteHTTPException as error:
        if error.status_code != 400:  # a body past the limit stays a 413
            raise
        raise RequestValidationError([{"type": "multipart", "loc": ("body",), "msg": error.detail}]) from None


Upload = Annotated[tuple[str, bytes], Depends(uploaded_file)]


def body_doc(model: type[BaseModel] | None = None, file: str = "", required: bool = True) -> dict[str, Any]:
    """The route's `openapi_extra`: the JSON body `model`, or a multipart `file` described as `file`."""
    if model is not None:
        content = {"application/json": {"schema": model.model_json_schema()}}
    else:
        field = {"type": "string", "format": "binary", "description": file}
        schema = {"type": "object", "properties": {FILE: field}, "required": [FILE]}
        content = {"multipart/form-data": {"schema": schema}}
    return {"requestBody": {"required": required, "content": content}}


def demand_doc() -> dict[str, Any]:
    """The `openapi_extra` of a demand replacement: rows of product_id and quantity, as JSON, JSON lines or CSV."""
    row = {
        "type": "object",
        "properties": {"product_id": {"type": "string"}, "quantity": {"type": ["integer", "string"]}},
        "required": ["product_id", "quantity"],
    }
    content = {
        "application/json": {"schema": {"type": "array", "items": row}},
        "application/x-ndjson": {"schema": {"type": "string", "description": "one JSON object a line"}},
        "text/csv": {"schema": {"type": "string", "description": "a header product_id,quantity, then rows"}},
    }
    return {"requestBody": {"required": True, "content": content}}
