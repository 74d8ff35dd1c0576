//! The household: its name and zone, members and roles (never without an owner),
//! invitations and joining.

use soothe_core::account::{self, INVITATION_HOURS_DEFAULT};
use soothe_store::{Household, Invitation, Member, Role, Scope, Secret, User};

use crate::accounts::{Fields, IssuedToken, SetUp, after_hours, email_taken};
use crate::{App, Error, Result};

/// Who accepts an invitation.
#[derive(Clone, Debug)]
pub enum Joiner {
    /// A signed-in user (their user id).
    SignedIn(i64),
    /// Someone giving an email and password: of their account, or of a new one (then with a
    /// display name).
    Account {
        /// Email.
        email: String,
        /// Password.
        password: String,
        /// For a new account.
        display_name: Option<String>,
    },
}

/// Someone who just joined.
#[derive(Debug)]
pub struct Joined {
    /// The user (maybe new).
    pub user: User,
    /// Their scope in the household they joined.
    pub scope: Scope,
    /// A token there, when one was asked for.
    pub token: Option<IssuedToken>,
}

/// What an invitation link says about itself before anyone joins: the role, the household
/// and who made it.
#[derive(Clone, Debug)]
pub struct Invited {
    /// The role it grants.
    pub role: Role,
    /// The household's name.
    pub household: String,
    /// The inviter's display name (none when their account is gone).
    pub inviter: Option<String>,
}

fn last_owner() -> Error {
    Error::conflict("last-owner")
}

fn unusable(u: account::Unusable) -> Error {
    Error::invalid("invitation", u.code())
}

impl App {
    /// The caller's household.
    pub async fn household(&self, scope: &Scope) -> Result<Household> {
        Ok(self.store.household(scope).await?)
    }

    /// Renames the household or changes its time zone (owners).
    pub async fn update_household(
        &self,
        scope: &Scope,
        name: Option<&str>,
        time_zone: Option<&str>,
    ) -> Result<Household> {
        scope.require(Role::Owner)?;
        let mut f = Fields::default();
        let name = name.and_then(|n| f.check(account::check_name("name", n)));
        if let Some(tz) = time_zone {
            f.check(account::check_time_zone("time_zone", tz));
        }
        f.done()?;
        Ok(self
            .store
            .update_household(scope, name.as_deref(), time_zone)
            .await?)
    }

    /// The household's members, owners first.
    pub async fn members(&self, scope: &Scope) -> Result<Vec<Member>> {
        Ok(self.store.members(scope).await?)
    }

    /// Changes a member's role (owners). The last owner can not be demoted: the conflict
    /// `last-owner`.
    pub async fn set_role(&self, scope: &Scope, user: i64, role: Role) -> Result<Member> {
        scope.require(Role::Owner)?;
        let mut tx = self.store.begin().await?;
        tx.lock_household(scope.household()).await?;
        let now = tx
            .role_of(scope.household(), user)
            .await?
            .ok_or(Error::NotFound)?;
        let owners = tx.owner_count(scope).await?;
        if !account::keeps_an_owner(now == Role::Owner, role == Role::Owner, owners) {
            return Err(last_owner());
        }
        tx.set_role(scope, user, role).await?;
        tx.commit().await?;
        self.members(scope)
            .await?
            .into_iter()
            .find(|m| m.user_id == user)
            .ok_or(Error::NotFound)
    }

    /// Removes a member (owners), or the caller themselves (anyone: leaving). The last owner
    /// can not go: the conflict `last-owner`.
    pub async fn remove_member(&self, scope: &Scope, user: i64) -> Result<()> {
        if user != scope.user() {
            scope.require(Role::Owner)?;
        }
        let mut tx = self.store.begin().await?;
        tx.lock_household(scope.household()).await?;
        let now = tx
            .role_of(scope.household(), user)
            .await?
            .ok_or(Error::NotFound)?;
        let owners = tx.owner_count(scope).await?;
        if !account::keeps_an_owner(now == Role::Owner, false, owners) {
            return Err(last_owner());
        }
        tx.remove_member(scope, user).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes the caller's household and everything of it (owners): babies and their
    /// journals, rhythms, reminders, notifications, calendar feeds, experiments, invitations,
    /// and every membership with its tokens, web sessions, channels and practice runs. The
    /// members' accounts stay (they may belong to other households). `confirm` is the
    /// household's name as typed; anything else is refused as the field `confirm`
    /// (`confirm-mismatch`) and nothing changes.
    pub async fn delete_household(&self, scope: &Scope, confirm: &str) -> Result<()> {
        scope.require(Role::Owner)?;
        let mut tx = self.store.begin().await?;
        tx.lock_household(scope.household()).await?;
        let name = tx.household_name(scope.household()).await?;
        crate::babies::check_confirm(confirm, &name)?;
        tx.delete_household(scope).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The caller leaves the household (not its last owner); their tokens for it stop working.
    pub async fn leave(&self, scope: &Scope) -> Result<()> {
        self.remove_member(scope, scope.user()).await
    }

    /// Makes an invitation (owners) granting `role`, for `hours` (1–336, default 72). An
    /// inviter grants at most their own role. Its code is returned once.
    pub async fn invite(
        &self,
        scope: &Scope,
        role: Role,
        hours: Option<u32>,
    ) -> Result<(Invitation, Secret)> {
        scope.require(Role::Owner)?;
        if role > scope.role() {
            return Err(Error::forbidden(role, scope.role()));
        }
        let hours = hours.unwrap_or(INVITATION_HOURS_DEFAULT);
        account::check_invitation_hours("expires_in_hours", hours)?;
        let now = self.now();
        Ok(self
            .store
            .create_invitation(scope, role, after_hours(now, hours), now)
            .await?)
    }

    /// The household's invitations, newest first (owners).
    pub async fn invitations(&self, scope: &Scope) -> Result<Vec<Invitation>> {
        Ok(self.store.invitations(scope).await?)
    }

    /// The invitations that can still be accepted (owners; others see none).
    pub async fn open_invitations(&self, scope: &Scope) -> Result<Vec<Invitation>> {
        if scope.role() < Role::Owner {
            return Ok(Vec::new());
        }
        let now = self.now();
        Ok(self
            .invitations(scope)
            .await?
            .into_iter()
            .filter(|i| account::invitation_usable(i.expires, i.accepted, i.revoked, now).is_ok())
            .collect())
    }

    /// Withdraws an invitation that has not been accepted (owners).
    pub async fn revoke_invitation(&self, scope: &Scope, id: &str) -> Result<()> {
        Ok(self.store.revoke_invitation(scope, id, self.now()).await?)
    }

    /// The role an invitation code grants, when it can be accepted now. Unknown is not found;
    /// withdrawn, used or expired is the invalid field `invitation` with the reason.
    pub async fn check_invitation(&self, code: &str) -> Result<Role> {
        let (invitation, _) = self.store.invitation(code).await?.ok_or(Error::NotFound)?;
        account::invitation_usable(
            invitation.expires,
            invitation.accepted,
            invitation.revoked,
            self.now(),
        )
        .map_err(unusable)?;
        Ok(invitation.role)
    }

    /// What an invitation code offers, when it can be accepted now (refused as
    /// [`App::check_invitation`] refuses).
    pub async fn invitation_details(&self, code: &str) -> Result<Invited> {
        let role = self.check_invitation(code).await?;
        let (household, inviter) = self
            .store
            .invitation_from(code)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(Invited {
            role,
            household,
            inviter,
        })
    }

    /// A household of one's own for an account that exists (after leaving its only
    /// household, say): the email and password are checked as at sign-in, then the account
    /// owns a new household (name and time zone checked as at setup).
    pub async fn own_household(
        &self,
        email: &str,
        password: &str,
        name: &str,
        time_zone: &str,
    ) -> Result<SetUp> {
        let mut f = Fields::default();
        let name = f.check(account::check_name("household", name));
        f.check(account::check_time_zone("time_zone", time_zone));
        f.done()?;
        let Some(name) = name else {
            return Err(Error::Internal("checked fields went missing".into()));
        };
        let user = self.check_password(email, password).await?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let household = tx.insert_household(&name, time_zone, now).await?;
        let scope = tx
            .add_member(user.id, household.id, Role::Owner, now)
            .await?;
        tx.commit().await?;
        Ok(SetUp {
            user,
            household,
            scope,
            baby: None,
        })
    }

    /// Accepts an invitation: the joiner becomes a member with its role (and gets a token
    /// named `token`, when asked). A new person's account, the membership and the token are
    /// stored together or not at all: a code that can not be used leaves nothing behind.
    pub async fn join(&self, code: &str, who: Joiner, token: Option<&str>) -> Result<Joined> {
        self.check_invitation(code).await?;
        if let Some(name) = token {
            account::check_name("name", name)?;
        }
        enum Who {
            Known(User),
            New {
                email: String,
                name: String,
                hash: soothe_store::HashedPassword,
            },
        }
        let who = match who {
            Joiner::SignedIn(id) => Who::Known(self.store.user(id).await?),
            Joiner::Account {
                email,
                password,
                display_name,
            } => match self.store.user_by_email(&email).await? {
                Some(_) => Who::Known(self.check_password(&email, &password).await?),
                None => {
                    let mut f = Fields::default();
                    let email = f.check(account::check_email(&email));
                    let name = match display_name.as_deref().map(str::trim) {
                        Some(n) if !n.is_empty() => f.check(account::check_name("display_name", n)),
                        _ => {
                            f.0.push(crate::Invalid::new("display_name", "display-name-missing"));
                            None
                        }
                    };
                    f.check(account::check_password("password", &password));
                    f.done()?;
                    let (Some(email), Some(name)) = (email, name) else {
                        return Err(Error::Internal("checked fields went missing".into()));
                    };
                    let hash = soothe_store::Store::hash_password(password).await?;
                    Who::New { email, name, hash }
                }
            },
        };
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let user = match who {
            Who::Known(u) => u,
            Who::New { email, name, hash } => tx
                .insert_user(&email, &name, &hash, now)
                .await
                .map_err(email_taken)?,
        };
        let (invitation, household) = tx.invitation(code).await?.ok_or(Error::NotFound)?;
        if tx.role_of(household, user.id).await?.is_some() {
            return Err(Error::conflict("already-member"));
        }
        if !tx.take_invitation(&invitation.id, user.id, now).await? {
            // Used, withdrawn or expired since it was checked: say which.
            let (i, _) = tx.invitation(code).await?.ok_or(Error::NotFound)?;
            return Err(unusable(
                account::invitation_usable(i.expires, i.accepted, i.revoked, now)
                    .err()
                    .unwrap_or(account::Unusable::Used),
            ));
        }
        let scope = tx
            .add_member(user.id, household, invitation.role, now)
            .await?;
        let token = match token {
            Some(name) => {
                let (info, secret) = tx.create_token(&scope, name.trim(), now).await?;
                Some(IssuedToken {
                    secret,
                    info,
                    scope: scope.clone(),
                })
            }
            None => None,
        };
        tx.commit().await?;
        Ok(Joined { user, scope, token })
    }
}
