//! The checks the sign-in and registration forms run before anything is sent, so a person
//! sees every problem at once, in their language, without a round trip.

use crate::api::{ChangePasswordRequest, LoginRequest, RegisterRequest, ResetPasswordRequest};
use crate::validate::{self, Invalid, Problem};

/// Checks a registration form. Returns the request to send, or every field's problem.
pub fn check_register(
    name: &str,
    phone: &str,
    password: &str,
) -> Result<RegisterRequest, Vec<Invalid>> {
    let name = validate::person_name(name);
    let phone = validate::phone(phone);
    let password = validate::password(password);
    match (name, phone, password) {
        (Ok(name), Ok(phone), Ok(password)) => Ok(RegisterRequest {
            name,
            phone,
            password,
        }),
        (n, ph, pw) => Err([n.err(), ph.err(), pw.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// Checks a sign-in form. The password is only required here, not measured: an old
/// password that predates a rule must still be able to sign in.
pub fn check_login(phone: &str, password: &str) -> Result<LoginRequest, Vec<Invalid>> {
    let phone = validate::phone(phone);
    let password = if password.is_empty() {
        Err(Invalid {
            field: "password",
            problem: Problem::Required,
        })
    } else {
        Ok(password.to_string())
    };
    match (phone, password) {
        (Ok(phone), Ok(password)) => Ok(LoginRequest { phone, password }),
        (ph, pw) => Err([ph.err(), pw.err()].into_iter().flatten().collect()),
    }
}

/// Checks a change of one's own password: the current one is only required (an old
/// password that predates a rule must still work), the new one measured.
pub fn check_change_password(
    current: &str,
    password: &str,
) -> Result<ChangePasswordRequest, Vec<Invalid>> {
    let current = if current.is_empty() {
        Err(Invalid {
            field: "current_password",
            problem: Problem::Required,
        })
    } else {
        Ok(current.to_string())
    };
    match (current, validate::password(password)) {
        (Ok(current_password), Ok(password)) => Ok(ChangePasswordRequest {
            current_password,
            password,
        }),
        (c, p) => Err([c.err(), p.err()].into_iter().flatten().collect()),
    }
}

/// Checks the forgotten-password form: phone, the code a leader gave, a new password.
pub fn check_reset(
    phone: &str,
    code: &str,
    password: &str,
) -> Result<ResetPasswordRequest, Vec<Invalid>> {
    match (
        validate::phone(phone),
        validate::reset_code(code),
        validate::password(password),
    ) {
        (Ok(phone), Ok(reset_code), Ok(password)) => Ok(ResetPasswordRequest {
            phone,
            reset_code,
            password,
        }),
        (ph, c, pw) => Err([ph.err(), c.err(), pw.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// The problem reported for one field, if any.
pub fn problem_for<'a>(problems: &'a [Invalid], field: &str) -> Option<&'a Invalid> {
    problems.iter().find(|p| p.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_registration_is_cleaned_up_for_sending() {
        let req = check_register(" 李梅 ", "138 0000 0002", "linli2026").unwrap();
        assert_eq!(req.name, "李梅");
        assert_eq!(req.phone, "13800000002");
        assert_eq!(req.password, "linli2026");
    }

    #[test]
    fn a_bad_registration_reports_every_field_at_once() {
        let problems = check_register("", "123", "short").unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["name", "phone", "password"]);
        assert_eq!(
            problem_for(&problems, "password").unwrap().problem,
            Problem::TooShort { min: 8 }
        );
        assert!(problem_for(&problems, "other").is_none());
    }

    #[test]
    fn a_password_change_needs_the_current_one_and_a_good_new_one() {
        let req = check_change_password("old", "linli2027!").unwrap();
        assert_eq!(req.current_password, "old");
        let problems = check_change_password("", "short").unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["current_password", "password"]);
    }

    #[test]
    fn a_reset_takes_eight_digits_spaces_allowed() {
        let req = check_reset("13800000006", "1234 5678", "linli2027!").unwrap();
        assert_eq!(req.reset_code, "12345678");
        let problems = check_reset("", "12ab", "").unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["phone", "reset_code", "password"]);
        assert_eq!(problems[1].problem, Problem::BadResetCode);
    }

    #[test]
    fn sign_in_needs_a_phone_and_any_password() {
        assert!(check_login("13800000001", "x").is_ok());
        let problems = check_login("abc", "").unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[1].problem, Problem::Required);
    }
}
