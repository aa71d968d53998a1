//! Progress of long jobs, reported through a callback so that each front end shows it its own
//! way (a line on a terminal, an event stream on the server).

/// Which part of a job is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Cross-validation folds.
    Evaluating,
    /// Fitting clusters.
    Clustering,
}

/// How far a stage has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Steps done.
    pub done: usize,
    /// Steps in all (0 when unknown).
    pub total: usize,
}

/// A callback that ignores progress.
pub fn silent(_: Progress) {}
