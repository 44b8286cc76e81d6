"""/docs: Swagger UI from the app's own static files, so the API's reference opens without internet."""

from __future__ import annotations

from fastapi import Request
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import HTMLResponse

from api.pages.deps import page_router

router = page_router()
VENDOR = "/static/vendor/swagger-ui"


@router.get("/docs")
def api_docs(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — API",
        swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
        swagger_css_url=f"{VENDOR}/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
        swagger_ui_parameters={"validatorUrl": None},  # Swagger UI would otherwise ask validator.swagger.io
    )
    body = bytes(page.body).decode().replace("<html>", '<html lang="en">', 1)
    return HTMLResponse(body)
