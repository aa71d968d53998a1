//! Fitting millions of rows: the restarts on a sample, one run on all rows from the best
//! sample run's centroids.
//!
//! The restarts of [`fit`](super::fit) exist to escape poor local optima, and where a run
//! ends up is decided by the shape of the data, which a sample of a few thousand rows shows
//! as well as all of them. So [`fit_sampled`] makes the `n_init` runs on a seeded sample
//! ([`sample_rows`]; the sample keeps the whole data's standardisation and γ), then one run
//! on all rows starting from the best sample run's centroids: the rows go to their nearest
//! centroid and the iterations (Lloyd passes and Hartigan refinement) continue until no row
//! moves. On 2 M rows that is a handful of passes instead of `n_init` runs of tens of
//! passes each; the cost on all rows is that of a local optimum as good as the sample's.
//! With no more rows than the sample size this is [`fit`](super::fit) itself.

use super::config::{KPrototypesConfig, KPrototypesFit, Progress, Tracker, fit_units, run_units};
use super::data::MixedData;
use super::error::KPrototypesError;
use super::fit::{fit_from_tracked, fit_tracked};
use crate::silhouette::sample_rows;

/// Clusters all rows into `config.k` groups, the restarts made on a sample of `sample_size`
/// rows drawn with `config.seed` (see the module documentation). `progress` gets
/// `(done, total)` over the sample runs and the final run.
pub fn fit_sampled(
    data: &MixedData,
    config: &KPrototypesConfig,
    sample_size: usize,
    progress: Option<Progress<'_>>,
) -> Result<KPrototypesFit, KPrototypesError> {
    let sample = sample_rows(data.rows(), sample_size.max(config.k), config.seed);
    if sample.len() == data.rows() {
        return super::fit::fit(data, config, progress);
    }
    let tracker = Tracker::new(progress, fit_units(config) + run_units(config));
    // The subset keeps the whole data's column information, so γ by rule is the same.
    let on_sample = fit_tracked(&data.subset(&sample), config, &tracker)?;
    refit_tracked(data, config, &on_sample, &tracker)
}

/// One run on all rows of `data` from the centroids of a fit made on a sample of them
/// (`config` as for that fit). The sample's restart costs are not comparable with costs on
/// all rows, so the result has one run.
pub(crate) fn refit_tracked(
    data: &MixedData,
    config: &KPrototypesConfig,
    on_sample: &KPrototypesFit,
    tracker: &Tracker<'_>,
) -> Result<KPrototypesFit, KPrototypesError> {
    let config =
        KPrototypesConfig { k: on_sample.k, gamma: Some(on_sample.gamma), ..config.clone() };
    fit_from_tracked(data, &config, &on_sample.centroids, tracker)
}
