//! Messages of signing in, registering and resetting a password. Only this area's pages use them,
//! so their texts load with the area's chunk, not with the first page.

use super::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountMsg {
    SignInTitle,
    SignUpTitle,
    NoAccountYet,
    HaveAccount,
    PhoneHint,
    ForgotPassword,
    ResetTitle,
    ResetIntro,
    ResetSubmit,
}

impl From<AccountMsg> for Words {
    fn from(msg: AccountMsg) -> Words {
        use AccountMsg::*;
        let (zh, en) = match msg {
            SignInTitle => ("登录邻里", "Sign in to Linli"),
            SignUpTitle => ("注册新账号", "Create an account"),
            NoAccountYet => ("还没有账号？", "No account yet?"),
            HaveAccount => ("已有账号？", "Already registered?"),
            PhoneHint => ("11 位手机号", "11-digit mobile number"),
            ForgotPassword => ("忘记密码？", "Forgot your password?"),
            ResetTitle => ("重设密码", "Reset your password"),
            ResetIntro => (
                "请向您所在队伍的队长或社区管理员领取 8 位重置码，24 小时内有效，只能用一次。",
                "Ask your team leader or community administrator for an 8-digit reset code. It works once, within 24 hours.",
            ),
            ResetSubmit => ("重设密码并登录", "Reset password and sign in"),
        };
        Words { zh, en }
    }
}
