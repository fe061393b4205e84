// 系统管理 → 个人信息维护 (manual §1.2.3): GET/PUT /api/v1/me/profile, 保存.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, notice } from "./ui.js";
import { clearErrors, showErrors } from "./forms.js";

const NATIONS = ("汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 " +
  "哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 " +
  "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 " +
  "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族").split(" ");
const EDITABLE = ["name", "gender", "birth_date", "nation", "education", "title", "work_unit", "address", "postcode", "phone"];

function show(form, data) {
  $("email").textContent = data.email;
  $("id_type").textContent = data.id_type || "";
  $("id_number").textContent = data.id_number_masked || "";
  $("id_valid").textContent = data.id_valid_from ? `${data.id_valid_from} 至 ${data.id_valid_to}` : "";
  for (const key of EDITABLE) form.elements[key].value = data[key] || "";
}

me.then(async () => {
  const form = $("profile");
  const nation = $("nation");
  for (const n of NATIONS) nation.append(new Option(n, n));
  const profile = await api("GET", "/me/profile");
  if (profile.ok) show(form, profile.data); else notice(form, "个人信息加载失败：" + profile.error.message, "bad");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const key of EDITABLE) { const v = form.elements[key].value.trim(); if (v) values[key] = v; }
    const button = form.querySelector("button[type=submit]"); button.disabled = true;
    const result = await api("PUT", "/me/profile", values);
    button.disabled = false;
    if (result.ok) { show(form, result.data); clearErrors(form); notice(form, "个人信息已保存。", "good"); }
    else showErrors(form, result.error);
  });
});
