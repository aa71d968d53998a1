//! `icp-rfm-bench FILE [--net] [--scores OUT.csv]`: reads an order-line file in the UCI Online
//! Retail layout (`InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice, CustomerID`) with
//! `icp_io::read_table` (default options; gzip is transparent), cleans it, computes RFM,
//! scores, groups and habits with `icp_orders::rfm::rfm_frame` (default options), and prints
//! one JSON line:
//!
//! ```text
//! {"read_seconds": 0.17, "rfm_seconds": 0.05, "lines": 541909, "customers": 4334, ...}
//! ```
//!
//! `read_seconds` covers the `read_table` call, `rfm_seconds` the `rfm_frame` call (amounts,
//! cleaning, orders, RFM, scores, groups, habits); the whole process's wall time is measured
//! from outside by `bench/rfm.sh`. `--net` nets cancellations and returns against their
//! purchases instead of dropping them. `--scores OUT.csv` writes one row per customer
//! (`customer,recency,frequency,monetary,r,f,m,group`) for comparison with another
//! implementation (not timed).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use icp_orders::rfm::{OrderColumns, ReturnHandling, Rfm, RfmOptions, rfm_frame};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut path = None;
    let mut scores = None;
    let mut net = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--net" => net = true,
            "--scores" => match it.next() {
                Some(p) => scores = Some(p.clone()),
                None => return usage(),
            },
            _ if path.is_none() && !a.starts_with("--") => path = Some(a.clone()),
            _ => return usage(),
        }
    }
    let Some(path) = path else { return usage() };
    let path = Path::new(&path);

    let start = Instant::now();
    let table = match icp_io::read_table(path, &icp_io::ReadOptions::default()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("icp-rfm-bench: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let read_seconds = start.elapsed().as_secs_f64();

    let mut options = RfmOptions::default();
    if net {
        options.cleaning.return_handling = ReturnHandling::Net;
    }
    let start = Instant::now();
    let result = match rfm_frame(&table.frame, &OrderColumns::online_retail(), &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("icp-rfm-bench: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let rfm_seconds = start.elapsed().as_secs_f64();
    println!("{}", json(&result, read_seconds, rfm_seconds));

    if let Some(out) = scores
        && let Err(e) = std::fs::write(&out, scores_csv(&result))
    {
        eprintln!("icp-rfm-bench: {out}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: icp-rfm-bench FILE [--net] [--scores OUT.csv]");
    ExitCode::from(2)
}

fn json(r: &Rfm, read_seconds: f64, rfm_seconds: f64) -> String {
    let c = &r.cleaning;
    let mut s = format!(
        "{{\"read_seconds\": {read_seconds:.4}, \"rfm_seconds\": {rfm_seconds:.4}, \
         \"lines\": {}, \"missing_customer\": {}, \"incomplete\": {}, \"cancellations\": {}, \
         \"returns\": {}, \"non_product\": {}, \"non_positive_price\": {}, \
         \"purchase_lines\": {}, \"netted\": {}, \"fully_returned_orders\": {}, \
         \"customers_before\": {}, \"customers\": {}, \"orders\": {}, \
         \"reference_date\": \"{}\", \"groups\": {{",
        c.lines,
        c.missing_customer,
        c.incomplete,
        c.cancellations,
        c.returns,
        c.non_product,
        c.non_positive_price,
        c.purchase_lines,
        c.netted,
        c.fully_returned_orders,
        c.customers_before,
        r.customers.len(),
        r.orders,
        r.reference_date(),
    );
    for (i, g) in r.groups.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        let _ = write!(s, "{sep}\"{}\": {}", g.group.name(), g.customers);
    }
    s.push_str("}}");
    s
}

fn scores_csv(r: &Rfm) -> String {
    let mut s = String::from("customer,recency,frequency,monetary,r,f,m,group\n");
    for c in &r.customers {
        let _ = writeln!(
            s,
            "{},{},{},{:.6},{},{},{},{}",
            c.customer,
            c.recency_days,
            c.frequency,
            c.monetary,
            c.r,
            c.f,
            c.m,
            c.group.name()
        );
    }
    s
}

#[cfg(test)]
mod tests {
    //! The full UCI Online Retail file (541,909 lines), read with `icp_io`: cleaning counts,
    //! customers and groups. Skipped with a message when the shared datasets are absent.
    use std::path::PathBuf;

    use icp_orders::rfm::{Group, OrderColumns, ReturnHandling, RfmOptions, rfm_frame};

    fn online_retail() -> Option<PathBuf> {
        let dir = std::env::var_os("ICP_DATASETS").map(PathBuf::from).unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets")
        });
        let file = dir.join("uci-online-retail/online_retail.csv.gz");
        if file.is_file() {
            return Some(file);
        }
        let message = format!("online_retail_rfm: {} is absent (set ICP_DATASETS)", file.display());
        // CI sets ICP_REQUIRE_DATASETS=1: there a missing dataset fails instead of skipping.
        assert!(
            std::env::var_os("ICP_REQUIRE_DATASETS").is_none_or(|v| v != "1"),
            "{message}, and ICP_REQUIRE_DATASETS=1 forbids skipping"
        );
        eprintln!("skipping {message}");
        None
    }

    #[test]
    fn online_retail_rfm() {
        let Some(file) = online_retail() else { return };
        let table =
            icp_io::read_table(&file, &icp_io::ReadOptions::default()).expect("read Online Retail");
        assert_eq!(table.frame.rows(), 541_909);
        let result =
            rfm_frame(&table.frame, &OrderColumns::online_retail(), &RfmOptions::default())
                .expect("rfm");
        let c = &result.cleaning;
        eprintln!("Online Retail, default cleaning: {c}");
        eprintln!("orders {}, reference date {}", result.orders, result.reference_date());
        for g in &result.groups {
            eprintln!("  {:<16} {:>5} customers", g.group.name(), g.customers);
        }
        assert_eq!(c.lines, 541_909);
        assert_eq!(c.customers_before, 4_372, "distinct CustomerIDs before cleaning");
        // Counted independently (Python csv module, same rules in the same order).
        assert_eq!(c.missing_customer, 135_080);
        assert_eq!(c.incomplete, 0);
        assert_eq!(c.cancellations, 8_905);
        assert_eq!(c.returns, 0, "every negative quantity with a customer is on a C invoice");
        assert_eq!(c.non_product, 1_554);
        assert_eq!(c.non_positive_price, 33);
        assert_eq!(c.purchase_lines, 396_337);
        assert_eq!(result.orders, 18_402);
        let customers = result.customers.len();
        assert!((4_300..=4_372).contains(&customers), "{customers} customers after cleaning");
        assert_eq!(customers, 4_334);
        assert_eq!(c.customers_after, customers);
        assert_eq!(result.reference_date(), "2011-12-10");
        // Every customer has a group, and the groups add up.
        assert_eq!(result.groups.iter().map(|g| g.customers).sum::<usize>(), customers);
        assert!(result.customers.iter().all(|c| Group::ALL.contains(&c.group)));
        for score in result.customers.iter().flat_map(|c| [c.r, c.f, c.m, c.x]) {
            assert!((1..=5).contains(&score));
        }
        // Quintiles where values are tied share a score (a third of these customers bought
        // once: all F = 1), so the fifths are uneven; the score still follows the measure:
        // more orders never score lower, and equal counts score the same.
        let mut by_frequency: Vec<(u32, u8)> =
            result.customers.iter().map(|c| (c.frequency, c.f)).collect();
        by_frequency.sort_unstable();
        for pair in by_frequency.windows(2) {
            let ((f0, s0), (f1, s1)) = (pair[0], pair[1]);
            assert!(s0 <= s1 && (f0 != f1 || s0 == s1), "F scores out of order: {pair:?}");
        }
        let once = result.customers.iter().filter(|c| c.frequency == 1).count();
        assert!(result.customers.iter().filter(|c| c.frequency == 1).all(|c| c.f == 1));
        assert!(once > customers / 5, "{once} one-order customers: the tie this checks");
        // Monetary values are almost never tied: a fifth each (± 1%).
        for q in 1..=5u8 {
            let n = result.customers.iter().filter(|c| c.m == q).count();
            assert!(n.abs_diff(customers / 5) <= customers / 100, "M = {q}: {n}");
        }

        // Without the non-product rule this is the published "standard cleaning" (customer
        // present, not cancelled, quantity > 0, price > 0): 397,884 lines, 4,338 customers.
        let mut standard = RfmOptions::default();
        standard.cleaning.non_product = false;
        let result =
            rfm_frame(&table.frame, &OrderColumns::online_retail(), &standard).expect("rfm");
        assert_eq!(result.cleaning.purchase_lines, 397_884);
        assert_eq!(result.customers.len(), 4_338);

        // Netting instead of dropping keeps every customer that has a purchase.
        let mut net = RfmOptions::default();
        net.cleaning.return_handling = ReturnHandling::Net;
        let result = rfm_frame(&table.frame, &OrderColumns::online_retail(), &net).expect("rfm");
        let c = &result.cleaning;
        eprintln!("Online Retail, netting: {c}");
        assert_eq!(c.netted + c.unmatched + c.not_netted, c.cancellations + c.returns);
        assert!((4_300..=4_334).contains(&result.customers.len()));
    }
}
