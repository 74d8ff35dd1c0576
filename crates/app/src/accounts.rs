//! Accounts: the first owner's setup, sign-in, passwords, web sessions and API tokens.
//!
//! The rules (what a good email, name and password are) are `soothe_core::account`'s; the
//! store keeps the rows. Rate limits and the cap on concurrent password hashing stay at the
//! HTTP edge: a front door admits a sign-in, `App` checks it, and the front door records the
//! outcome (a failure is exactly [`Error::Unauthorized`]).

use jiff::{SignedDuration, Timestamp};
use soothe_core::account;
use soothe_core::journal::BabyFields;
use soothe_core::lang::Lang;
use soothe_store::{
    Baby, Household, PasswordReset, Role, Scope, Secret, TokenInfo, User, WebSession,
};

use crate::{App, Error, Invalid, Result};

/// How long a web sign-in lasts.
pub const SESSION_DAYS: i64 = 30;

/// What the first person gives on a fresh install.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Email.
    pub email: String,
    /// Name shown to the household.
    pub display_name: String,
    /// Password.
    pub password: String,
    /// Household name.
    pub household: String,
    /// IANA time zone.
    pub time_zone: String,
    /// The first baby, already parsed (`None`: no baby yet, e.g. `soothe user create`).
    pub baby: Option<BabyFields>,
}

/// What setup made.
#[derive(Clone, Debug)]
pub struct SetUp {
    /// The owner.
    pub user: User,
    /// The household.
    pub household: Household,
    /// The owner's scope there.
    pub scope: Scope,
    /// The first baby.
    pub baby: Option<Baby>,
}

/// A web sign-in: the session's secret id (for its cookie) and the session.
#[derive(Debug)]
pub struct Session {
    /// The secret id; shown only to the browser, in its cookie.
    pub secret: Secret,
    /// The session.
    pub session: WebSession,
}

/// A new API token: its secret (shown once), what it is, and where it works.
#[derive(Debug)]
pub struct IssuedToken {
    /// The secret.
    pub secret: Secret,
    /// The token.
    pub info: TokenInfo,
    /// The household and role it works with.
    pub scope: Scope,
}

/// Collects the invalid fields of a form, in order.
#[derive(Default)]
pub(crate) struct Fields(pub Vec<Invalid>);

impl Fields {
    /// Keeps the value, or notes the field's problem.
    pub fn check<T>(
        &mut self,
        r: std::result::Result<T, soothe_core::journal::FieldError>,
    ) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }

    /// The error, when any field was invalid.
    pub fn done(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.0))
        }
    }
}

fn wrong_password() -> Error {
    Error::Unauthorized("wrong-credentials")
}

impl App {
    /// Whether anyone has an account yet (a fresh install shows setup).
    pub async fn is_set_up(&self) -> Result<bool> {
        Ok(self.store.user_count().await? > 0)
    }

    /// The first run: the owner, their household and the first baby, all stored or none.
    /// Refused with the conflict `set-up` once anyone has an account, even when two setups
    /// arrive at the same moment.
    pub async fn setup(&self, s: Setup) -> Result<SetUp> {
        self.make_owner(s, true).await
    }

    /// Another owner with a household of their own (`soothe user create`).
    pub async fn create_owner(&self, s: Setup) -> Result<SetUp> {
        self.make_owner(s, false).await
    }

    async fn make_owner(&self, s: Setup, first: bool) -> Result<SetUp> {
        let mut f = Fields::default();
        let email = f.check(account::check_email(&s.email));
        let name = f.check(account::check_name("display_name", &s.display_name));
        f.check(account::check_password("password", &s.password));
        let household = f.check(account::check_name("household", &s.household));
        f.check(account::check_time_zone("time_zone", &s.time_zone));
        f.done()?;
        let (Some(email), Some(name), Some(household)) = (email, name, household) else {
            return Err(Error::Internal("checked fields went missing".into()));
        };
        let hash = soothe_store::Store::hash_password(s.password).await?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        if first && !tx.claim_installation(now).await? {
            return Err(Error::conflict("set-up"));
        }
        let user = tx
            .insert_user(&email, &name, &hash, now)
            .await
            .map_err(email_taken)?;
        let household = tx.insert_household(&household, &s.time_zone, now).await?;
        let scope = tx
            .add_member(user.id, household.id, Role::Owner, now)
            .await?;
        let baby = match &s.baby {
            Some(b) => Some(tx.create_baby(&scope, b, now).await?),
            None => None,
        };
        tx.commit().await?;
        Ok(SetUp {
            user,
            household,
            scope,
            baby,
        })
    }

    /// Makes the sign-in check's decoy ahead of the first sign-in (see the store).
    pub async fn prepare_sign_in(&self) -> Result<()> {
        Ok(self.store.prepare_sign_in().await?)
    }

    /// Checks an email and password: the user, or [`Error::Unauthorized`] (the same for an
    /// unknown email and a wrong password, at the same cost).
    pub async fn check_password(&self, email: &str, password: &str) -> Result<User> {
        self.store
            .login(email, password)
            .await?
            .ok_or_else(wrong_password)
    }

    /// The scope a signed-in user enters: the household asked for, or their oldest one.
    async fn entry(&self, user: i64, household: Option<i64>) -> Result<Scope> {
        let memberships = self.store.memberships(user).await?;
        let chosen = match household {
            Some(h) => memberships
                .into_iter()
                .find(|(m, _)| m.id == h)
                .ok_or_else(|| Error::invalid("household", "not-a-member"))?,
            None => memberships
                .into_iter()
                .next()
                .ok_or_else(|| Error::refused("no-household"))?,
        };
        Ok(self.store.scope_for(user, chosen.0.id).await?)
    }

    /// Signs in for an API token (`name`, default "api") in `household` (default the oldest).
    pub async fn sign_in_for_token(
        &self,
        email: &str,
        password: &str,
        household: Option<i64>,
        name: Option<&str>,
    ) -> Result<IssuedToken> {
        let user = self.check_password(email, password).await?;
        let scope = self.entry(user.id, household).await?;
        self.create_token(&scope, name.unwrap_or("api")).await
    }

    /// Signs a browser in (ending the session it had, if any): the new session.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        replacing: Option<&str>,
    ) -> Result<Session> {
        let user = self.check_password(email, password).await?;
        let scope = self.entry(user.id, None).await?;
        self.start_session(scope.user(), scope.household(), replacing)
            .await
    }

    /// Starts a web session for a user in a household they belong to, ending `replacing`.
    pub async fn start_session(
        &self,
        user: i64,
        household: i64,
        replacing: Option<&str>,
    ) -> Result<Session> {
        let now = self.now();
        if let Some(old) = replacing {
            self.store.revoke_web_session(old, now).await?;
        }
        let expires = now + SignedDuration::from_hours(24 * SESSION_DAYS);
        let (secret, session) = self
            .store
            .create_web_session(user, household, expires, now)
            .await?;
        Ok(Session { secret, session })
    }

    /// Switches a signed-in user to another household of theirs: a new session there, the
    /// current one ended. Any other household is not found.
    pub async fn switch_household(
        &self,
        scope: &Scope,
        household: i64,
        current: &str,
    ) -> Result<Session> {
        self.store.scope_for(scope.user(), household).await?;
        self.start_session(scope.user(), household, Some(current))
            .await
    }

    /// The current web session with this secret id.
    pub async fn web_session(&self, id: &str) -> Result<Option<WebSession>> {
        Ok(self.store.web_session(id, self.now()).await?)
    }

    /// Ends a web session.
    pub async fn sign_out(&self, id: &str) -> Result<()> {
        Ok(self.store.revoke_web_session(id, self.now()).await?)
    }

    /// Changes the caller's password: the current one must be right (else the invalid field
    /// `current`), the new one must meet the rules (else `new`). Every other web session
    /// ends; with `everywhere`, every API token of theirs is revoked too.
    pub async fn change_password(
        &self,
        scope: &Scope,
        session: &str,
        current: &str,
        new: &str,
        everywhere: bool,
    ) -> Result<()> {
        if !self.store.password_matches(scope.user(), current).await? {
            return Err(Error::invalid("current", "password-wrong"));
        }
        account::check_password("new", new)?;
        let hash = soothe_store::Store::hash_password(new.to_owned()).await?;
        Ok(self
            .store
            .set_password(scope.user(), hash, session, everywhere, self.now())
            .await?)
    }

    /// A "known device" proof for a browser that just signed in as `user`.
    pub async fn device_proof(&self, user: i64) -> Result<String> {
        Ok(self.store.device_proof(user).await?)
    }

    /// Whether `proof` came from a sign-in to the account with this email.
    pub async fn is_known_device(&self, email: &str, proof: &str) -> Result<bool> {
        Ok(self.store.is_known_device(email, proof).await?)
    }

    /// The scope an API token grants; `None` for an unknown or revoked one.
    pub async fn authenticate(&self, token: &str) -> Result<Option<Scope>> {
        Ok(self.store.authenticate(token, self.now()).await?)
    }

    /// A user.
    pub async fn user(&self, id: i64) -> Result<User> {
        Ok(self.store.user(id).await?)
    }

    /// The households a user belongs to, with their role, oldest first.
    pub async fn memberships(&self, user: i64) -> Result<Vec<(Household, Role)>> {
        Ok(self.store.memberships(user).await?)
    }

    /// Makes an API token for the caller in their household; its secret is shown once.
    pub async fn create_token(&self, scope: &Scope, name: &str) -> Result<IssuedToken> {
        let name = account::check_name("name", name)?;
        let (info, secret) = self
            .store
            .create_token(scope.user(), scope.household(), &name, self.now())
            .await?;
        Ok(IssuedToken {
            secret,
            info,
            scope: scope.clone(),
        })
    }

    /// An API token for the account with this email (`soothe token create`, run by whoever
    /// runs the server): in `household`, default their oldest.
    pub async fn token_for(
        &self,
        email: &str,
        household: Option<i64>,
        name: &str,
    ) -> Result<IssuedToken> {
        let scope = self.scope_of_email(email, household).await?;
        self.create_token(&scope, name).await
    }

    /// The scope of the account with this email (for the commands run by whoever runs the
    /// server): in `household`, default their oldest. `Invalid` on `email` (`no-account`,
    /// `no-household`) or `household`.
    pub async fn scope_of_email(&self, email: &str, household: Option<i64>) -> Result<Scope> {
        let user = self
            .store
            .user_by_email(email)
            .await?
            .ok_or_else(|| Error::invalid("email", "no-account").arg("value", email))?;
        match self.entry(user.id, household).await {
            Err(Error::Refused { .. }) => {
                Err(Error::invalid("email", "no-household").arg("value", email))
            }
            other => other,
        }
    }

    /// The caller's API tokens in this household, newest first.
    pub async fn tokens(&self, scope: &Scope) -> Result<Vec<TokenInfo>> {
        Ok(self.store.tokens(scope).await?)
    }

    /// Revokes one of the caller's tokens (it stops working at once).
    pub async fn revoke_token(&self, scope: &Scope, id: &str) -> Result<()> {
        Ok(self.store.revoke_token(scope, id, self.now()).await?)
    }
}

/// An email already registered is a conflict naming it.
pub(crate) fn email_taken(e: soothe_store::StoreError) -> Error {
    match e {
        soothe_store::StoreError::Conflict(_) => Error::conflict("email-taken"),
        other => other.into(),
    }
}

/// When a new invitation made at `now` for `hours` expires.
pub(crate) fn after_hours(now: Timestamp, hours: u32) -> Timestamp {
    now + SignedDuration::from_hours(i64::from(hours))
}

/// How long a password reset link works.
pub const RESET_HOURS: i64 = 24;

/// A new password reset link: its secret (shown once), whose password it resets and until
/// when it works.
#[derive(Debug)]
pub struct ResetLink {
    /// The secret, the last part of the link (`/reset/<secret>`).
    pub secret: Secret,
    /// Whose password it resets.
    pub user: User,
    /// When it stops working.
    pub expires: Timestamp,
}

/// A reset link that is not (or no longer) usable: the invalid field `token` with the code
/// `reset-unknown`, `reset-used` or `reset-expired`.
fn reset_refused(code: &'static str) -> Error {
    Error::invalid("token", code)
}

impl App {
    async fn make_reset_link(
        &self,
        user: User,
        household: Option<i64>,
        by: Option<i64>,
    ) -> Result<ResetLink> {
        let now = self.now();
        let expires = now + SignedDuration::from_hours(RESET_HOURS);
        let secret = self
            .store
            .create_password_reset(user.id, household, by, expires, now)
            .await?;
        Ok(ResetLink {
            secret,
            user,
            expires,
        })
    }

    /// An owner makes a one-time password reset link for a member of their household
    /// (themselves included). Anyone else, in another household or none, is not found; a
    /// caregiver or viewer is forbidden.
    pub async fn reset_link_for_member(&self, scope: &Scope, member: i64) -> Result<ResetLink> {
        scope.require(Role::Owner)?;
        self.store.scope_for(member, scope.household()).await?;
        // A new password opens every household the person belongs to: an owner of one may
        // not hand themselves the others (`reset-other-households`; "Forgot your password?"
        // or the server's owner can still help).
        if self.store.memberships(member).await?.len() > 1 {
            return Err(Error::refused("reset-other-households"));
        }
        let user = self.store.user(member).await?;
        self.make_reset_link(user, Some(scope.household()), Some(scope.user()))
            .await
    }

    /// A reset link for the account with this email, for whoever runs the server
    /// (`soothe user reset-password`): an unknown email is the invalid field `email`
    /// (`no-account`).
    pub async fn reset_link_for_email(&self, email: &str) -> Result<ResetLink> {
        let user = self
            .store
            .user_by_email(email)
            .await?
            .ok_or_else(|| Error::invalid("email", "no-account").arg("value", email))?;
        self.make_reset_link(user, None, None).await
    }

    /// "Forgot your password?": a reset link for the account with this email and the
    /// language to write to them in (the account's choice, else its oldest household's,
    /// else English); `None` for an email with no account. The front door answers the same
    /// either way, so the answer tells nobody whether an account exists.
    pub async fn forgot_password(&self, email: &str) -> Result<Option<(ResetLink, Lang)>> {
        if account::check_email(email).is_err() {
            return Ok(None);
        }
        let Some(user) = self.store.user_by_email(email).await? else {
            return Ok(None);
        };
        let lang = match self.entry(user.id, None).await {
            Ok(scope) => match self.account_language(&scope).await? {
                Some(l) => l,
                None => self.household_settings(&scope).await?.language,
            },
            Err(_) => Lang::En,
        };
        Ok(Some((self.make_reset_link(user, None, None).await?, lang)))
    }

    /// The reset link with this secret while it can be used; else the invalid field `token`:
    /// `reset-unknown`, `reset-used` or `reset-expired` (at the clock's now).
    pub async fn reset_link(&self, token: &str) -> Result<PasswordReset> {
        if token.len() > 200 {
            return Err(reset_refused("reset-unknown"));
        }
        let r = self
            .store
            .password_reset(token)
            .await?
            .ok_or_else(|| reset_refused("reset-unknown"))?;
        if r.used.is_some() {
            Err(reset_refused("reset-used"))
        } else if r.expires <= self.now() {
            Err(reset_refused("reset-expired"))
        } else {
            Ok(r)
        }
    }

    /// Sets a new password with a reset link (the core's password rules, field `password`),
    /// once: the link and every other open link of the user's stop working, and every web
    /// session of theirs ends. Then a fresh web session in their oldest household (ending
    /// `replacing`, the browser's own), or `None` when they belong to none.
    pub async fn reset_password(
        &self,
        token: &str,
        new: &str,
        replacing: Option<&str>,
    ) -> Result<Option<Session>> {
        self.reset_link(token).await?;
        account::check_password("password", new)?;
        let hash = soothe_store::Store::hash_password(new.to_owned()).await?;
        // The link may have been used or run out while the password was hashed.
        let user = match self.store.use_password_reset(token, hash, self.now()).await {
            Ok(user) => user,
            Err(soothe_store::StoreError::Conflict(_)) => {
                let why = self.reset_link(token).await.err();
                return Err(why.unwrap_or_else(|| reset_refused("reset-used")));
            }
            Err(e) => return Err(e.into()),
        };
        let scope = match self.entry(user, None).await {
            Ok(scope) => scope,
            Err(Error::Refused { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        self.start_session(scope.user(), scope.household(), replacing)
            .await
            .map(Some)
    }
}
