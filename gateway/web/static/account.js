// 系统管理 → 个人账号管理 (manual §1.2.2): verify the email and the mobile phone.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, notice } from "./ui.js";
import { clearErrors, formValues, showErrors } from "./forms.js";

const state = (id, verified) => {
  const badge = $(id);
  badge.textContent = verified ? "已验证" : "未验证";
  badge.className = "badge " + (verified ? "good" : "bad");
};

async function load() {
  const profile = await api("GET", "/me/profile");
  if (!profile.ok) { notice($("page-notice"), "账号信息加载失败：" + profile.error.message, "bad"); return; }
  notice($("page-notice"), "");
  $("email").textContent = profile.data.email;
  $("mobile").value = profile.data.mobile || "";
  state("email-state", profile.data.email_verified);
  state("mobile-state", profile.data.mobile_verified);
}

function wire(channel) {
  const form = $(`${channel}-form`);
  const send = $(`${channel}-send`);
  send.addEventListener("click", async () => {
    const body = channel === "mobile" ? { mobile: $("mobile").value.trim() } : undefined;
    send.disabled = true;
    const sent = await api("POST", `/me/${channel}/code`, body);
    if (sent.ok) {
      clearErrors(form);
      notice(form, `验证码已发送到 ${sent.data.sent_to}，${Math.round(sent.data.expires_in / 60)}分钟内有效。`, "good");
      let wait = 60;
      const tick = setInterval(() => {
        wait -= 1; send.textContent = `${wait}秒后可重新发送`;
        if (wait <= 0) { clearInterval(tick); send.disabled = false; send.textContent = "发送验证码"; }
      }, 1000);
      $(`${channel}-code`).focus();
    } else {
      send.disabled = false;
      showErrors(form, sent.error);
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = $(`${channel}-code`).value.trim();
    const result = await api("POST", `/me/${channel}/verify`, { code });
    if (result.ok) {
      clearErrors(form);
      notice(form, channel === "email" ? "邮箱验证成功。" : `手机号码 ${result.data.target} 验证成功。`, "good");
      $(`${channel}-code`).value = "";
      load();
    } else showErrors(form, result.error);
  });
}

me.then(() => {
  load();
  wire("email");
  wire("mobile");
  const form = $("password-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await api("POST", "/me/password", formValues(form));
    if (result.ok) { form.reset(); clearErrors(form); notice(form, "密码已修改，其他设备上的登录已退出。", "good"); }
    else showErrors(form, result.error);
  });
});
