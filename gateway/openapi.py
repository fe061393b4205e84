"""The OpenAPI document, made from the route table so it cannot drift from the routes."""
from __future__ import annotations

import re

from .http import IDEMPOTENCY_HEADER, ROUTES

ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string", "description": "稳定的错误代码（供程序判断）"},
        "message": {"type": "string", "description": "中文说明（供人阅读）"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "每个有问题的字段及其中文说明"},
        "details": {"type": "object"}}}}}

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def openapi_path(rule: str) -> str:
    return _PARAM.sub(lambda m: "{" + m.group(2) + "}", rule)


def _path_params(rule: str) -> list[dict]:
    return [{"name": name, "in": "path", "required": True,
             "schema": {"type": "integer" if conv == "int" else "string"}}
            for conv, name in _PARAM.findall(rule)]


def _errors(auth: str) -> dict:
    codes = {"400": "输入有误（fields 指出每个字段的问题）", "404": "不存在", "409": "与当前状态冲突",
             "415": "请求体不是 JSON", "429": "过于频繁", "503": "服务暂不可用", "504": "服务超时"}
    if auth == "login":
        codes.update({"401": "未登录或登录已失效", "403": "无权限或 CSRF 校验失败"})
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {code: {"description": text, **ref} for code, text in codes.items()}


def document(version: str = "1.0.0") -> dict:
    paths: dict = {}
    for spec in ROUTES:
        op = {"summary": spec.summary, "tags": [spec.tag],
              "operationId": f"{spec.method.lower()}_{openapi_path(spec.path)}".replace("/", "_")
              .replace("{", "").replace("}", ""),
              "parameters": _path_params(spec.path) + [
                  {"name": n, "in": "query", "required": False, "schema": s}
                  for n, s in spec.params.items()] + ([IDEMPOTENCY_HEADER] if spec.command else []),
              "responses": {str(spec.status): {"description": "成功", "content": {
                  spec.binary or "application/json": {"schema": spec.response or (
                      {"type": "string", "format": "binary"} if spec.binary else {"type": "object"})}}},
                  **_errors(spec.auth)}}
        if spec.body:
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": spec.body}}}
        if spec.upload:
            op["requestBody"] = {"required": True,
                                 "content": {"multipart/form-data": {"schema": spec.upload}}}
        if spec.auth == "public":
            op["security"] = []
        paths.setdefault(openapi_path(spec.path), {})[spec.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "甘肃省科技管理信息系统 · 科技成果登记 API", "version": version,
                 "description": "浏览器使用会话 Cookie（写操作需带 X-CSRF-Token 头）；"
                                "API 客户端使用登录返回的 token：Authorization: Bearer <token>。"},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "kj_session"}}},
        "security": [{"bearer": []}, {"cookie": []}],
    }
