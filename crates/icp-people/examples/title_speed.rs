//! Times `classify_title` over the test table repeated to one million titles.
//! `cargo run -p icp-people --release --example title_speed -j2`

use std::time::Instant;

fn main() {
    let table = include_str!("../tests/titles.csv");
    let titles: Vec<&str> =
        table.lines().skip(1).map(|line| line.rsplitn(3, ',').nth(2).unwrap_or(line)).collect();
    let n = 1_000_000;
    let start = Instant::now();
    let mut known = 0usize;
    for i in 0..n {
        let class = icp_people::classify_title(titles[i % titles.len()]);
        known += usize::from(!class.is_unknown());
    }
    let elapsed = start.elapsed();
    println!(
        "{n} titles in {:.3} s ({:.0} ns each), {known} classified",
        elapsed.as_secs_f64(),
        elapsed.as_nanos() as f64 / n as f64
    );
}
