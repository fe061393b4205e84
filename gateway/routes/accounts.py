"""HTTP routes of the accounts capability (manual §1)."""
from __future__ import annotations



from .. import schemas
from ..auth import clear_cookies, session_cookies
from ..sessions import token_hash
from ..http import api

PAGE = {"page": {"type": "integer", "minimum": 1}, "page_size": {"type": "integer", "maximum": 100}}


class AccountRoutes:
    # -- captcha -----------------------------------------------------------------------
    @api("POST", "/api/v1/captchas", "新验证码（看不清楚？换一张）", tag="验证码", auth="public",
         status=201)
    def new_captcha(self, call):
        captcha = self.accounts.new_captcha(self.client(call))
        return {"captcha_id": captcha["captcha_id"], "expires_in": captcha["expires_in"],
                "image": "data:image/png;base64," + captcha["png"]}

    # -- 单位注册 ---------------------------------------------------------------------------
    @api("POST", "/api/v1/units", "单位注册", tag="单位", auth="public",
         body=schemas.UNIT_REGISTRATION, status=201)
    def register_unit(self, call):
        return self.accounts.register_unit(call.body, self.client(call))

    @api("GET", "/api/v1/units", "单位列表（登记机构）", tag="单位",
         params={"status": {"type": "string", "enum": ["pending", "approved", "rejected"]},
                 "q": {"type": "string", "description": "单位名称或统一社会信用代码的任一部分"}, **PAGE})
    def list_units(self, call):
        return self.accounts.list_units(call.caller, call.query("status"),
                                        call.query("page", 1), call.query("page_size", 20),
                                        call.query("q"))

    @api("GET", "/api/v1/units/<int:unit_id>", "单位详情", tag="单位")
    def get_unit(self, call, unit_id):
        return self.accounts.get_unit(call.caller, unit_id)

    @api("POST", "/api/v1/units/<int:unit_id>/approve", "审核通过单位注册", tag="单位", command=True)
    def approve_unit(self, call, unit_id):
        return self.accounts.approve_unit(call.caller, unit_id)

    @api("POST", "/api/v1/units/<int:unit_id>/reject", "单位注册不通过", tag="单位",
         body=schemas.REJECTION, command=True)
    def reject_unit(self, call, unit_id):
        return self.accounts.reject_unit(call.caller, unit_id, call.body.get("reason"))

    @api("PUT", "/api/v1/units/<int:unit_id>", "修改单位信息（单位管理员；名称、统一社会信用代码的变更须登记机构审核）",
         tag="单位", body=schemas.UNIT_DETAILS, command=True)
    def edit_unit(self, call, unit_id):
        return self.accounts.edit_unit(call.caller, unit_id, call.body)

    @api("GET", "/api/v1/unit-changes", "单位信息变更申请（登记机构）", tag="单位",
         params={"status": {"type": "string", "enum": ["pending", "approved", "refused", "withdrawn"]}, **PAGE})
    def list_unit_changes(self, call):
        return self.accounts.list_unit_changes(call.caller, call.query("status"),
                                               call.query("page", 1), call.query("page_size", 20))

    @api("POST", "/api/v1/unit-changes/<int:change_id>/decision", "审核单位信息变更申请", tag="单位",
         body=schemas.UNIT_CHANGE_DECISION, command=True)
    def decide_unit_change(self, call, change_id):
        return self.accounts.decide_unit_change(call.caller, change_id, call.body.get("approve"),
                                                call.body.get("reason"))

    @api("PUT", "/api/v1/units/<int:unit_id>/state", "停用或启用单位（停用期间该单位的角色均不生效）",
         tag="单位", body=schemas.UNIT_STATE, command=True)
    def set_unit_state(self, call, unit_id):
        changed = self.accounts.set_unit_enabled(call.caller, unit_id, call.body.get("enabled"),
                                                 call.body.get("reason"))
        self.session_cache.clear()  # this gateway at once; the others by the event
        return changed

    @api("POST", "/api/v1/units/<int:unit_id>/admin", "移交单位管理员（给本单位的成果登记人）", tag="单位",
         body=schemas.UNIT_ADMIN_HANDOVER, command=True)
    def hand_over_unit_admin(self, call, unit_id):
        handed = self.accounts.hand_over_unit_admin(call.caller, unit_id, call.body.get("user_id"))
        self.session_cache.clear()  # every admin of the unit may have changed; others by the events
        return handed

    @api("POST", "/api/v1/units/<int:unit_id>/registrants", "分配成果登记人账号", tag="单位",
         body=schemas.INVITE, status=201, command=True)
    def assign_registrant(self, call, unit_id):
        assigned = self.accounts.assign_registrant(call.caller, unit_id, call.body)
        self.session_cache.forget_user(assigned.get("user_id"))  # an existing account's new role
        return assigned

    @api("GET", "/api/v1/units/<int:unit_id>/registrants", "本单位成果登记人（按姓名或邮箱查找，分页）", tag="单位",
         params={"q": {"type": "string", "description": "姓名或电子邮箱的任一部分"}, **PAGE})
    def list_registrants(self, call, unit_id):
        return self.accounts.list_unit_registrants(call.caller, unit_id, call.query("q"),
                                                   call.query("page", 1), call.query("page_size", 20))

    # -- 通知公告 and 常见问题 --------------------------------------------------------------
    @api("GET", "/api/v1/public/notices", "通知公告、常见问题（公开：已发布的）", tag="通知公告", auth="public",
         params={"kind": {"type": "string", "enum": ["notice", "faq"]}, **PAGE})
    def published_texts(self, call):
        return self.accounts.published_texts(call.query("kind"), call.query("page", 1),
                                             call.query("page_size", 20))

    @api("GET", "/api/v1/public/notices/<int:text_id>", "一条通知公告（公开）", tag="通知公告", auth="public")
    def published_text(self, call, text_id):
        return self.accounts.published_text(text_id)

    @api("GET", "/api/v1/notices", "通知公告管理：全部（含草稿）", tag="通知公告",
         params={"kind": {"type": "string", "enum": ["notice", "faq"]}, **PAGE})
    def all_texts(self, call):
        return self.accounts.all_texts(call.caller, call.query("kind"), call.query("page", 1),
                                       call.query("page_size", 20))

    @api("POST", "/api/v1/notices", "撰写通知公告或常见问题（可直接发布）", tag="通知公告",
         body=schemas.PUBLIC_TEXT, status=201, command=True)
    def create_text(self, call):
        return self.accounts.create_text(call.caller, call.body)

    @api("PUT", "/api/v1/notices/<int:text_id>", "修改、发布或撤下通知公告", tag="通知公告",
         body=schemas.PUBLIC_TEXT, command=True)
    def change_text(self, call, text_id):
        return self.accounts.change_text(call.caller, text_id, call.body)

    @api("DELETE", "/api/v1/notices/<int:text_id>", "删除通知公告", tag="通知公告", command=True)
    def delete_text(self, call, text_id):
        return self.accounts.delete_text(call.caller, text_id)

    # -- 账号管理 (登记机构, 系统管理员) ------------------------------------------------------
    @api("GET", "/api/v1/accounts", "账号管理：按姓名或邮箱、角色、状态查找账号", tag="账号管理",
         params={"q": {"type": "string"}, "page": {"type": "integer"}, "page_size": {"type": "integer"},
                 "role": {"type": "string"}, "status": {"type": "string",
                                                         "enum": ["pending", "active", "locked", "disabled"]}})
    def list_accounts(self, call):
        return self.accounts.list_accounts(call.caller, {n: call.query(n) for n in
                                                         ("q", "page", "page_size", "role", "status")
                                                         if call.query(n) not in (None, "")})

    @api("POST", "/api/v1/accounts", "添加账号：登记机构、推荐单位、系统管理员，或非身份证人员（成果登记人）",
         tag="账号管理", body=schemas.STAFF_ACCOUNT, status=201, command=True)
    def create_account(self, call):
        created = self.accounts.create_account(call.caller, call.body)
        self.session_cache.forget_user(created.get("user_id"))  # an existing account's new role
        return created

    @api("PUT", "/api/v1/accounts/<int:user_id>/recommended-units",
         "推荐范围：推荐单位账号为哪些单位推荐（只审核这些单位的成果）", tag="账号管理",
         body=schemas.RECOMMENDED_UNITS, command=True)
    def set_recommended_units(self, call, user_id):
        changed = self.accounts.set_recommended_units(call.caller, user_id, call.body.get("unit_ids"))
        self.session_cache.forget_user(user_id)
        return changed

    @api("POST", "/api/v1/accounts/<int:user_id>/unlock", "解锁账号（密码连续错误被锁定的）", tag="账号管理",
         command=True)
    def unlock_account(self, call, user_id):
        return self.accounts.unlock_account(call.caller, user_id)

    @api("PUT", "/api/v1/accounts/<int:user_id>/state", "停用或启用账号（停用即结束其全部登录会话）",
         tag="账号管理", body=schemas.ROLE_STATE, command=True)
    def set_account_state(self, call, user_id):
        changed = self.accounts.set_account_enabled(call.caller, user_id, call.body.get("enabled"))
        self.session_cache.forget_user(user_id)
        return changed

    @api("PUT", "/api/v1/units/<int:unit_id>/registrants/<int:user_id>/role",
         "停用或启用成果登记人在本单位的角色（账号保留）", tag="单位", body=schemas.ROLE_STATE, command=True)
    def set_registrant_role(self, call, unit_id, user_id):
        changed = self.accounts.set_registrant_enabled(call.caller, unit_id, user_id,
                                                       call.body.get("enabled"))
        self.session_cache.forget_user(user_id)  # this gateway at once; the others by the event
        return changed

    @api("POST", "/api/v1/units/<int:unit_id>/registrants/<int:user_id>/activation",
         "重新发送成果登记人的账号激活邮件", tag="单位", command=True)
    def resend_registrant_activation(self, call, unit_id, user_id):
        return self.accounts.resend_registrant_activation(call.caller, unit_id, user_id)

    # -- 新用户注册 / 激活 --------------------------------------------------------------------
    @api("GET", "/api/v1/agreement", "注册协议条例（当前版本）", tag="注册", auth="public")
    def agreement(self, call):
        return self.accounts.current_agreement()

    @api("POST", "/api/v1/signup", "成果登记人（无依托单位）注册", tag="注册", auth="public",
         body=schemas.SIGNUP, status=201)
    def signup(self, call):
        registered = self.accounts.self_register(call.body, self.client(call))
        if registered.get("existing_account"):
            # a role added to someone's account: this gateway forgets their roles at once; the
            # visitor learns nothing about the account (not its owner's name, not its id)
            self.session_cache.forget_user(registered.get("user_id"))
            return {"email": registered["email"], "existing_account": True}
        return registered

    @api("GET", "/api/v1/activation/<token>", "激活链接信息（姓名、登录账号）", tag="注册",
         auth="public")
    def activation_info(self, call, token):
        return self.accounts.activation_info(token)

    @api("POST", "/api/v1/activation/<token>", "个人信息激活（立即注册）", tag="注册", auth="public",
         body=schemas.ACTIVATION)
    def activate(self, call, token):
        return self.accounts.activate(token, call.body, self.client(call))

    @api("POST", "/api/v1/activation/<token>/resend", "重新发送激活邮件", tag="注册",
         auth="public", status=202)
    def resend_activation(self, call, token):
        return self.accounts.resend_activation(token)

    # -- 登录 ----------------------------------------------------------------------------
    @api("POST", "/api/v1/session", "登录（浏览器得到会话 Cookie，API 客户端用返回的 token）",
         tag="登录", auth="public", body=schemas.LOGIN, status=201)
    def login(self, call):
        login = self.accounts.login(call.body, self.client(call))
        session_cookies(call, login, self.cookie_secure())
        return login

    @api("DELETE", "/api/v1/session", "退出", tag="登录")
    def logout(self, call):
        revoked = self.accounts.logout(call.token).get("revoked_token_hashes") or []
        # after the revocation committed: no answer fetched before it can be cached now
        self.session_cache.forget_tokens([*revoked, token_hash(call.token)])
        clear_cookies(call)
        return {"logged_out": True}

    @api("GET", "/api/v1/me", "当前用户与角色", tag="登录")
    def me(self, call):
        return call.caller

    @api("POST", "/api/v1/password/forgot", "忘记密码（发送重置邮件）", tag="登录", auth="public",
         body=schemas.FORGOT, status=202)
    def forgot_password(self, call):
        self.accounts.forgot_password(call.body, self.client(call))
        return {"sent": True, "message": "如果该邮箱已注册，重置密码的邮件已发送，请查收"}

    @api("POST", "/api/v1/password/reset", "重置密码", tag="登录", auth="public", body=schemas.RESET)
    def reset_password(self, call):
        reset = self.accounts.reset_password(call.body.get("token"), call.body)
        self.session_cache.forget_tokens(reset.pop("revoked_token_hashes", None))
        return reset

    @api("POST", "/api/v1/me/password", "修改密码（其他会话将退出）", tag="个人账号管理",
         body=schemas.CHANGE_PASSWORD, command=True)
    def change_password(self, call):
        changed = self.accounts.change_password(call.caller, call.token, call.body)
        self.session_cache.forget_tokens(changed.pop("revoked_token_hashes", None))
        return changed

    # -- 个人账号管理 / 个人信息维护 --------------------------------------------------------------
    @api("POST", "/api/v1/me/email/code", "发送邮箱验证码", tag="个人账号管理", status=202, command=True)
    def send_email_code(self, call):
        return self.accounts.send_verification_code(call.caller, "email")

    @api("POST", "/api/v1/me/email/verify", "验证邮箱", tag="个人账号管理", body=schemas.CODE, command=True)
    def verify_email(self, call):
        return self.accounts.verify_code(call.caller, "email", call.body.get("code"))

    @api("POST", "/api/v1/me/mobile/code", "发送手机验证码", tag="个人账号管理",
         body=schemas.MOBILE, status=202, command=True)
    def send_mobile_code(self, call):
        return self.accounts.send_verification_code(call.caller, "mobile", call.body)

    @api("POST", "/api/v1/me/mobile/verify", "验证手机", tag="个人账号管理", body=schemas.CODE, command=True)
    def verify_mobile(self, call):
        return self.accounts.verify_code(call.caller, "mobile", call.body.get("code"))

    @api("GET", "/api/v1/me/profile", "个人信息", tag="个人信息维护")
    def get_profile(self, call):
        return self.accounts.get_profile(call.caller)

    @api("PUT", "/api/v1/me/profile", "保存个人信息", tag="个人信息维护", body=schemas.PROFILE, command=True)
    def save_profile(self, call):
        saved = self.accounts.save_profile(call.caller, call.body)
        self.session_cache.forget_user(call.caller["user_id"])  # the name /me shows
        return saved
