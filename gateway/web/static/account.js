// 系统管理 → 个人账号管理 (manual §1.2.2): verify the email and the mobile phone.
import { me } from "./shell.js";

const state = (id, verified) => {
  const badge = document.getElementById(id);
  badge.textContent = verified ? "已验证" : "未验证";
  badge.className = "badge " + (verified ? "good" : "bad");
};

async function load() {
  const profile = await kj.api("GET", "/me/profile");
  if (!profile.ok) return;
  document.getElementById("email").textContent = profile.data.email;
  document.getElementById("mobile").value = profile.data.mobile || "";
  state("email-state", profile.data.email_verified);
  state("mobile-state", profile.data.mobile_verified);
}

function wire(channel) {
  const form = document.getElementById(`${channel}-form`);
  const send = document.getElementById(`${channel}-send`);
  send.addEventListener("click", async () => {
    const body = channel === "mobile" ? { mobile: document.getElementById("mobile").value.trim() } : undefined;
    send.disabled = true;
    const sent = await kj.api("POST", `/me/${channel}/code`, body);
    if (sent.ok) {
      kj.clearErrors(form);
      kj.notice(form, `验证码已发送到 ${sent.data.sent_to}，${Math.round(sent.data.expires_in / 60)}分钟内有效。`, "good");
      let wait = 60;
      const tick = setInterval(() => {
        wait -= 1; send.textContent = `${wait}秒后可重新发送`;
        if (wait <= 0) { clearInterval(tick); send.disabled = false; send.textContent = "发送验证码"; }
      }, 1000);
      document.getElementById(`${channel}-code`).focus();
    } else {
      send.disabled = false;
      kj.showErrors(form, sent.error);
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = document.getElementById(`${channel}-code`).value.trim();
    const result = await kj.api("POST", `/me/${channel}/verify`, { code });
    if (result.ok) {
      kj.clearErrors(form);
      kj.notice(form, channel === "email" ? "邮箱验证成功。" : `手机号码 ${result.data.target} 验证成功。`, "good");
      document.getElementById(`${channel}-code`).value = "";
      load();
    } else kj.showErrors(form, result.error);
  });
}

me.then(() => {
  load();
  wire("email");
  wire("mobile");
  const form = document.getElementById("password-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await kj.api("POST", "/me/password", kj.formValues(form));
    if (result.ok) { form.reset(); kj.clearErrors(form); kj.notice(form, "密码已修改，其他设备上的登录已退出。", "good"); }
    else kj.showErrors(form, result.error);
  });
});
