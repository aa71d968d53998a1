//! The people side of an ideal customer profile.
//!
//! An ICP describes companies, but B2B deals are decided by people: a user, a champion, a
//! budget holder, an approver. CRM contact tables rarely fill seniority and department, yet
//! almost always hold a job title, and they carry buying roles in the vocabulary of the CRM
//! they came from. This crate turns both into a small fixed vocabulary the analyses can count:
//!
//! - [`title`] infers a [`Seniority`] and a [`Department`] from an English or Japanese job
//!   title ("VP Eng.", "Head of Sales", "営業部長", "ｴﾝｼﾞﾆｱ") with documented rule tables in
//!   [`seniority`] and [`department`];
//! - [`buying_role`] reads HubSpot's "Buying Role" values and Salesforce's opportunity contact
//!   roles, in English and Japanese, into one [`BuyingRole`].
//!
//! On top of that vocabulary, [`contacts`] reads a project's contacts table (linked to its
//! accounts and deals, missing seniority and department read from titles) and [`chain`]
//! finds the decision chain: who takes part in won deals, and which open deals lack them;
//! [`personas`] groups contacts into personas; [`journey`] maps the customer journey from
//! an events table; [`interview`] writes the ICP interview and reads its answers back.
//!
//! Everything that cannot be classified comes back as `None`, for the caller to count and
//! report; nothing here prints or logs the text it is given, since titles sit next to names.
#![warn(missing_docs)]

pub mod buying_role;
pub mod chain;
pub mod contacts;
pub mod department;
mod fold;
pub mod interview;
pub mod journey;
pub mod personas;
mod rules;
pub mod seniority;
pub mod title;
pub mod xlsx;

pub use buying_role::BuyingRole;
pub use chain::{Chain, ChainError, ChainOptions, chain};
pub use contacts::{Contacts, ContactsError};
pub use department::Department;
pub use seniority::Seniority;
pub use title::{TitleClass, classify_title};
