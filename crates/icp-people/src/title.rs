//! Seniority and department of a job title, read together.

use crate::department::{self, Department};
use crate::fold::Folded;
use crate::seniority::{self, Seniority};

/// What a job title says about a contact; either part is `None` when no rule applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TitleClass {
    /// The rung on the seniority ladder, see [`crate::seniority`].
    pub seniority: Option<Seniority>,
    /// The function, see [`crate::department`].
    pub department: Option<Department>,
}

impl TitleClass {
    /// Whether the title told nothing at all (the caller counts these).
    pub fn is_unknown(&self) -> bool {
        self.seniority.is_none() && self.department.is_none()
    }
}

/// Classifies one job title, English or Japanese, folding width and case once for both
/// tables.
pub fn classify_title(title: &str) -> TitleClass {
    let folded = Folded::new(title);
    if folded.is_blank() {
        return TitleClass::default();
    }
    TitleClass {
        seniority: seniority::of_folded(&folded),
        department: department::of_folded(&folded),
    }
}
