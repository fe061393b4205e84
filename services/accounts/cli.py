"""Operator commands of the accounts service.

    python -m services.accounts.cli create-office-user --name 张三 --email staff@example.gov.cn
    python -m services.accounts.cli create-office-user --role recommender --name 李四 --email city@example.gov.cn
    python -m services.accounts.cli messages [--status pending|sent|failed] [--channel email|sms] [--to ADDRESS]
    python -m services.accounts.cli retry-failed

The first office account is made here, never with a default password: the command mails
an activation link (and prints it), and the person sets their own password.
"""
from __future__ import annotations

import argparse
import os
import sys

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from services.common import migrations
from services.common.config_file import load_config
from services.common.engine import make_engine
from services.common.clock import utcnow
from services.common.uow import unit_of_work
from services.common.validation import Form

from services.common.identity import ROLE_LABELS

from .app import signup
from .models import OutgoingMessage, metadata
from .settings import AccountsSettings

DEFAULT_CONFIG = "services/accounts/config.yaml"


def _engine(config):
    engine = make_engine(config["DB_URL"], pool_size=2)
    migrations.upgrade(engine, os.path.join(os.path.dirname(__file__), "migrations"), "accounts")
    return engine


def create_office_user(config, name: str, email: str, role: str = "office") -> int:
    form = Form({"name": name, "email": email})
    clean_name, clean_email = form.text("name", "姓名", max_length=50), form.email()
    if not form.ok():
        for field, message in form.errors.items():
            print(f"{field}: {message}", file=sys.stderr)
        return 2
    settings = AccountsSettings.from_config(config)
    factory = sessionmaker(bind=_engine(config), expire_on_commit=False)
    with unit_of_work(factory, metadata, "accounts") as uow:
        user, token = signup.create_staff_user(uow, settings, clean_name, clean_email, role)
    label = ROLE_LABELS[role]
    if token:
        print(f"已创建{label}账号 {user.email}，激活邮件已发送。")
        print(f"激活链接：{settings.public_url}/activate?token={token}")
    else:
        print(f"{user.email} 已是已激活账号，已授予{label}角色。")
    return 0


def list_messages(config, status, channel, to) -> int:
    table = OutgoingMessage.__table__
    query = sa.select(table).order_by(table.c.id)
    for column, value in (("status", status), ("channel", channel), ("recipient", to)):
        if value:
            query = query.where(table.c[column] == value)
    with _engine(config).connect() as conn:
        for row in conn.execute(query):
            print(f"#{row.id} [{row.channel}/{row.status}, {row.attempts} 次] {row.recipient} "
                  f"{row.subject}\n{row.body}\n{('错误：' + row.last_error) if row.last_error else ''}")
    return 0


def retry_failed(config) -> int:
    table = OutgoingMessage.__table__
    with _engine(config).begin() as conn:
        count = conn.execute(table.update().where(table.c.status == "failed").values(
            status="pending", attempts=0, next_attempt_at=utcnow())).rowcount
    print(f"{count} 条失败消息将重新发送")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.accounts.cli")
    parser.add_argument("--config", default=os.environ.get("ACCOUNTS_CONFIG", DEFAULT_CONFIG))
    sub = parser.add_subparsers(dest="command", required=True)
    office = sub.add_parser("create-office-user", help="创建登记机构（科技厅）或推荐单位工作人员账号")
    office.add_argument("--role", choices=["office", "recommender"], default="office")
    office.add_argument("--name", required=True)
    office.add_argument("--email", required=True)
    messages = sub.add_parser("messages", help="查看待发送/已发送/发送失败的邮件和短信")
    messages.add_argument("--status", choices=["pending", "sent", "failed"])
    messages.add_argument("--channel", choices=["email", "sms"])
    messages.add_argument("--to")
    sub.add_parser("retry-failed", help="重新发送失败的消息")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    if args.command == "create-office-user":
        return create_office_user(config, args.name, args.email, args.role)
    if args.command == "messages":
        return list_messages(config, args.status, args.channel, args.to)
    return retry_failed(config)


if __name__ == "__main__":
    sys.exit(main())
