// Calls to /api/v1, the way every page makes them: JSON in and out, the CSRF token from its
// cookie, and one answer shape — {ok: true, status, data} or {ok: false, status, error}
// (error is the API's {code, message, fields}; status 0: the network failed).

const NETWORK_ERROR = { code: "network", message: "网络连接失败，请检查网络后重试" };

export function cookie(name) {
  const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return found ? decodeURIComponent(found.split("=")[1]) : null;
}

function headers(extra) {
  const out = { "Accept": "application/json", ...extra };
  const csrf = cookie("kj_csrf");
  if (csrf) out["X-CSRF-Token"] = csrf;
  return out;
}

async function answer(request, failed) {
  let response;
  try {
    response = await request();
  } catch (e) {
    return { ok: false, status: 0, error: NETWORK_ERROR };
  }
  const data = await response.json().catch(() => ({}));
  return response.ok ? { ok: true, status: response.status, data }
                     : { ok: false, status: response.status, error: data.error || { message: failed } };
}

/** api("GET", "/me"), api("POST", "/session", {…}): path under /api/v1. */
export function api(method, path, body) {
  return answer(() => fetch("/api/v1" + path, {
    method, credentials: "same-origin",
    headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
    body: body === undefined ? undefined : JSON.stringify(body) }), "请求失败");
}

/** A multipart POST (a file upload): `form` is a FormData. */
export function upload(path, form) {
  return answer(() => fetch("/api/v1" + path, {
    method: "POST", credentials: "same-origin", headers: headers({}), body: form }), "上传失败");
}
