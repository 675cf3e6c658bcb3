//! The checks the sign-in and registration forms run before anything is sent, so a person
//! sees every problem at once, in their language, without a round trip.

use crate::api::{LoginRequest, RegisterRequest};
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
    fn sign_in_needs_a_phone_and_any_password() {
        assert!(check_login("13800000001", "x").is_ok());
        let problems = check_login("abc", "").unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[1].problem, Problem::Required);
    }
}
