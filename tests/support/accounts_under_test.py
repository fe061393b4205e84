"""The accounts service as the end-to-end tests run it: identical, except that each
captcha's answer is written to $TEST_CAPTCHA_DIR/<captcha id> so a test can answer it."""
import os

from services.accounts.service import AccountsService


class AccountsUnderTest(AccountsService):
    name = "accounts"

    def captcha_issued(self, captcha_id, answer):
        folder = os.environ["TEST_CAPTCHA_DIR"]
        with open(os.path.join(folder, captcha_id), "w") as handle:
            handle.write(answer)
