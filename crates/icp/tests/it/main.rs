//! Integration tests: they run the `icp` binary as a user would.
//! One test binary (ripgrep and meilisearch do the same) keeps link time down.

mod adversarial;
mod bad_input;
mod common;
mod datasets;
mod discover;
mod economics;
mod encodings;
mod evaluate;
mod formats;
mod history;
mod leaks;
mod orders;
mod outputs;
mod people;
mod project;
mod pushdown;
mod report;
mod review;
mod review_since;
mod rules;
mod score;
mod segment;
mod serve;
mod sql;
mod tier_deals;
