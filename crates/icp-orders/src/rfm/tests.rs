use super::clean::glob_match;
use super::*;
use icp_frame::{
    Column, ColumnData, Frame, MISSING_CODE, MISSING_DATETIME, StrColumn, days_from_civil,
};

/// Hand-built lines: owned columns that borrow into [`OrderLines`].
#[derive(Default, Clone)]
struct Fixture {
    customer: Vec<Option<String>>,
    timestamp: Vec<i64>,
    quantity: Vec<f64>,
    price: Vec<f64>,
    invoice: Vec<Option<String>>,
    product: Vec<Option<String>>,
    channel: Vec<Option<String>>,
    amount: Vec<f64>,
}

/// 2024-01-01 (a Monday) plus `day` days, at `hour`.
fn at(day: i64, hour: i64) -> i64 {
    (i64::from(days_from_civil(2024, 1, 1)) + day) * SECONDS_PER_DAY + hour * 3600
}

impl Fixture {
    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        customer: Option<&str>,
        day: i64,
        hour: i64,
        quantity: f64,
        price: f64,
        invoice: &str,
        product: &str,
        channel: Option<&str>,
    ) {
        self.customer.push(customer.map(str::to_owned));
        self.timestamp.push(at(day, hour));
        self.quantity.push(quantity);
        self.price.push(price);
        self.amount.push(quantity * price);
        self.invoice.push(Some(invoice.to_owned()));
        self.product.push(Some(product.to_owned()));
        self.channel.push(channel.map(str::to_owned));
    }

    fn lines(&self) -> OrderLines<'_> {
        OrderLines::new(Labels::Owned(&self.customer), &self.timestamp, &self.amount)
            .with_quantity(&self.quantity)
            .with_unit_price(&self.price)
            .with_invoice(Labels::Owned(&self.invoice))
            .with_product(Labels::Owned(&self.product))
            .with_channel(Labels::Owned(&self.channel))
    }

    /// The lines in another order.
    fn permuted(&self, order: &[usize]) -> Fixture {
        let pick = |i: usize, out: &mut Fixture| {
            out.customer.push(self.customer[i].clone());
            out.timestamp.push(self.timestamp[i]);
            out.quantity.push(self.quantity[i]);
            out.price.push(self.price[i]);
            out.amount.push(self.amount[i]);
            out.invoice.push(self.invoice[i].clone());
            out.product.push(self.product[i].clone());
            out.channel.push(self.channel[i].clone());
        };
        let mut out = Fixture::default();
        for &i in order {
            pick(i, &mut out);
        }
        out
    }
}

/// Ten customers A–J with known orders (the last order in the data is on day 100, so
/// the reference date is day 101), plus one line for each cleaning rule and a customer
/// K who only paid postage.
///
/// | customer | order days | spend | recency |
/// |---|---|---|---|
/// | A | 50, 60, …, 100 (6 orders; day 100 has two lines 60 + 40) | 600 | 1 |
/// | B | 95, 96, 97, 98, 99 | 500 | 2 |
/// | C | 98 | 20 | 3 |
/// | D | 60, 70, 80, 90 (+ two POST lines) | 300 | 11 |
/// | E | 70, 80 (+ one zero-price line) | 50 | 21 |
/// | F | 50, 60, 70 | 150 | 31 |
/// | G | 50 | 10 | 51 |
/// | H | 10, 20, 30, 35, 40 | 700 | 61 |
/// | I | 20 | 30 | 81 |
/// | J | 5, 10 | 40 | 91 |
fn hand_worked() -> Fixture {
    let mut fx = Fixture::default();
    let plain = |fx: &mut Fixture, c: &str, days: &[i64], each: f64| {
        for (k, &d) in days.iter().enumerate() {
            let inv = format!("INV-{c}-{k}");
            fx.line(Some(c), d, 10, 1.0, each, &inv, &format!("P{k}"), None);
        }
    };
    // A: channels web ×4, app ×2; the day-100 order has two lines.
    for (k, d) in [50, 60, 70, 80, 90].into_iter().enumerate() {
        let channel = if k < 2 { "app" } else { "web" };
        fx.line(Some("A"), d, 10, 1.0, 100.0, &format!("INV-A-{k}"), "P1", Some(channel));
    }
    fx.line(Some("A"), 100, 10, 2.0, 30.0, "INV-A-5", "P2", Some("web"));
    fx.line(Some("A"), 100, 10, 1.0, 40.0, "INV-A-5", "P3", Some("web"));
    plain(&mut fx, "B", &[95, 96, 97, 98, 99], 100.0);
    plain(&mut fx, "C", &[98], 20.0);
    plain(&mut fx, "D", &[60, 70, 80, 90], 75.0);
    plain(&mut fx, "E", &[70, 80], 25.0);
    plain(&mut fx, "F", &[50, 60, 70], 50.0);
    plain(&mut fx, "G", &[50], 10.0);
    plain(&mut fx, "H", &[10, 20, 30, 35, 40], 140.0);
    plain(&mut fx, "I", &[20], 30.0);
    plain(&mut fx, "J", &[5, 10], 20.0);
    // Rule 1: two lines without a customer.
    fx.line(None, 30, 9, 1.0, 10.0, "INV-X-0", "P1", None);
    fx.line(None, 31, 9, 3.0, 5.0, "INV-X-1", "P2", None);
    // Rule 3: A cancels the day-90 purchase (product P1) on day 95.
    fx.line(Some("A"), 95, 12, -1.0, 100.0, "C9001", "P1", Some("web"));
    // Rule 4: B returns half of the day-99 order (product P4) later that day.
    fx.line(Some("B"), 99, 15, -1.0, 50.0, "INV-B-R", "P4", None);
    // Rule 5: postage for D (inside an order and in its own invoice), and K's postage.
    fx.line(Some("D"), 90, 10, 1.0, 5.0, "INV-D-3", "POST", None);
    fx.line(Some("D"), 80, 10, 1.0, 5.0, "INV-D-POST", "post", None);
    fx.line(Some("K"), 30, 10, 1.0, 18.0, "INV-K-0", "POST", None);
    // Rule 6: a free line in E's first order.
    fx.line(Some("E"), 70, 10, 1.0, 0.0, "INV-E-0", "P9", None);
    fx
}

fn by_customer(rfm: &Rfm, id: &str) -> CustomerRfm {
    rfm.customers
        .iter()
        .find(|c| c.customer == CustomerKey::Label(id.to_owned()))
        .unwrap_or_else(|| panic!("customer {id} missing"))
        .clone()
}

#[test]
fn hand_worked_example() {
    let fx = hand_worked();
    let result = rfm(&fx.lines(), &RfmOptions::default()).expect("rfm");
    let rep = &result.cleaning;
    assert_eq!(rep.lines, 39);
    assert_eq!(rep.missing_customer, 2);
    assert_eq!(rep.incomplete, 0);
    assert_eq!(rep.cancellations, 1);
    assert_eq!(rep.returns, 1);
    assert_eq!(rep.non_product, 3);
    assert_eq!(rep.non_positive_price, 1);
    assert_eq!(rep.purchase_lines, 31);
    assert_eq!(rep.removed() + rep.purchase_lines, rep.lines);
    assert_eq!(rep.customers_before, 11);
    assert_eq!(rep.customers_after, 10);
    assert_eq!(result.orders, 30);
    assert_eq!(result.reference_day, days_from_civil(2024, 1, 1) + 101);
    assert_eq!(result.reference_date(), "2024-04-11");

    let ids: Vec<String> = result.customers.iter().map(|c| c.customer.to_string()).collect();
    assert_eq!(ids, ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]);
    // (recency, frequency, monetary, R, F, M, FM, group)
    let expected = [
        ("A", 1, 6, 600.0, 5, 5, 5, 5, Group::Champions),
        ("B", 2, 5, 500.0, 5, 4, 4, 4, Group::Champions),
        ("C", 3, 1, 20.0, 4, 1, 1, 1, Group::Promising),
        ("D", 11, 4, 300.0, 4, 4, 4, 4, Group::Loyal),
        ("E", 21, 2, 50.0, 3, 2, 3, 2, Group::AboutToSleep),
        ("F", 31, 3, 150.0, 3, 3, 3, 3, Group::NeedAttention),
        ("G", 51, 1, 10.0, 2, 1, 1, 1, Group::Hibernating),
        // Five orders like B: the same F = 4 (first ranks would have split them 4 and 5).
        ("H", 61, 5, 700.0, 2, 4, 5, 4, Group::AtRisk),
        // One order like C and G: F = 1.
        ("I", 81, 1, 30.0, 1, 1, 2, 1, Group::Lost),
        // F = 2, M = 2: FM = 2 → Lost.
        ("J", 91, 2, 40.0, 1, 2, 2, 2, Group::Lost),
    ];
    for (id, rec, freq, money, r, f, m, x, group) in expected {
        let c = by_customer(&result, id);
        assert_eq!(
            (c.recency_days, c.frequency, c.r, c.f, c.m, c.x, c.group),
            (rec, freq, r, f, m, x, group),
            "customer {id}"
        );
        assert!((c.monetary - money).abs() < 1e-9, "customer {id}: {}", c.monetary);
    }
    assert_eq!(by_customer(&result, "A").cell(), "555");

    // Group summaries and actions.
    assert_eq!(result.group(Group::Champions).customers, 2);
    assert_eq!(result.group(Group::Lost).customers, 2);
    assert_eq!(result.group(Group::New).customers, 0);
    assert!(!result.group(Group::Lost).action.approach);
    assert!(result.group(Group::AtRisk).action.text.contains("personal offer"));
    let total: usize = result.groups.iter().map(|g| g.customers).sum();
    assert_eq!(total, 10);
    let spend: f64 = result.groups.iter().map(|g| g.monetary_share).sum();
    assert!((spend - 1.0).abs() < 1e-12);

    // Habits.
    let a = by_customer(&result, "A").habits;
    assert_eq!(a.orders, 6);
    assert_eq!(a.mean_days_between, Some(10.0));
    assert_eq!(a.median_days_between, Some(10.0));
    // Days 50, 60, …, 100 after a Monday fall on six different weekdays: the tie goes
    // to the earliest, Monday (day 70).
    assert_eq!(a.favourite_weekday, Weekday::Monday);
    assert!((a.favourite_weekday_share - 1.0 / 6.0).abs() < 1e-12);
    assert_eq!(a.favourite_hour, 10);
    assert_eq!(a.channel.as_deref(), Some("web"));
    assert_eq!(a.first_order_day(), days_from_civil(2024, 1, 1) + 50);
    assert_eq!(a.last_order_day(), days_from_civil(2024, 1, 1) + 100);
    let h = by_customer(&result, "H").habits;
    // Gaps 10, 10, 5, 5: mean 7.5, median 7.5.
    assert_eq!(h.mean_days_between, Some(7.5));
    assert_eq!(h.median_days_between, Some(7.5));
    assert_eq!(h.channel, None);
    let c = by_customer(&result, "C").habits;
    assert_eq!((c.mean_days_between, c.median_days_between), (None, None));
    assert_eq!(c.favourite_weekday_share, 1.0);

    // clean() alone gives the same fates and counts.
    let cleaned = clean(&fx.lines(), &Cleaning::default()).expect("clean");
    assert_eq!(cleaned.report.non_product, 3);
    assert_eq!(cleaned.fates.iter().filter(|f| **f == LineFate::Purchase).count(), 31);
    assert_eq!(cleaned.fates[31], LineFate::MissingCustomer);
    assert_eq!(cleaned.fates[33], LineFate::Cancellation);
    assert_eq!(cleaned.fates[34], LineFate::Return);
    assert_eq!(cleaned.fates[35], LineFate::NonProduct);
    assert_eq!(cleaned.fates[38], LineFate::NonPositivePrice);
}

#[test]
fn netting_against_the_original_purchase() {
    let fx = hand_worked();
    let mut options = RfmOptions::default();
    options.cleaning.return_handling = ReturnHandling::Net;
    let result = rfm(&fx.lines(), &options).expect("rfm");
    let rep = &result.cleaning;
    assert_eq!((rep.cancellations, rep.returns), (1, 1));
    assert_eq!((rep.netted, rep.unmatched, rep.not_netted), (2, 0, 0));
    // A's cancellation wipes out the day-90 order; B's half return leaves 50 of day 99.
    assert_eq!(rep.fully_returned_orders, 1);
    assert_eq!(result.orders, 29);
    let a = by_customer(&result, "A");
    assert_eq!((a.frequency, a.recency_days), (5, 1));
    assert!((a.monetary - 500.0).abs() < 1e-9);
    let b = by_customer(&result, "B");
    assert_eq!((b.frequency, b.recency_days), (5, 2));
    assert!((b.monetary - 450.0).abs() < 1e-9);
    // The removed order also leaves the habits.
    assert_eq!(a.habits.median_days_between, Some(10.0));
    assert_eq!(a.habits.mean_days_between, Some(12.5));
    assert!(rep.to_string().contains("netted 2 lines"));

    // A return with no earlier purchase of that product is unmatched.
    let mut fx = hand_worked();
    fx.line(Some("G"), 60, 9, -1.0, 10.0, "C9002", "P-NEVER", None);
    fx.line(Some("G"), 61, 9, -1.0, 10.0, "C9003", "POST", None);
    let result = rfm(&fx.lines(), &options).expect("rfm");
    assert_eq!(result.cleaning.unmatched, 1);
    assert_eq!(result.cleaning.not_netted, 1);
    assert_eq!(by_customer(&result, "G").frequency, 1);
}

#[test]
fn group_map_covers_every_cell() {
    let map = GroupMap::standard();
    let mut seen = std::collections::HashSet::new();
    for r in 1..=5u8 {
        for x in 1..=5u8 {
            let g = map.group(r, x);
            seen.insert(g);
            // The R × F regex map of methods.md §5, with its hibernating block split
            // into Lost (R = 1) and Hibernating (R = 2).
            let expected = match (r, x) {
                (1, 1..=2) => Group::Lost,
                (2, 1..=2) => Group::Hibernating,
                (1..=2, 3..=4) => Group::AtRisk,
                (1..=2, 5) => Group::CantLoseThem,
                (3, 1..=2) => Group::AboutToSleep,
                (3, 3) => Group::NeedAttention,
                (3..=4, 4..=5) => Group::Loyal,
                (4, 1) => Group::Promising,
                (5, 1) => Group::New,
                (4..=5, 2..=3) => Group::PotentialLoyalist,
                (5, 4..=5) => Group::Champions,
                _ => unreachable!("cell {r}{x} not in the regex map"),
            };
            assert_eq!(g, expected, "cell R={r} FM={x}");
        }
    }
    assert_eq!(seen.len(), Group::ALL.len(), "every group appears in the map");
    // Every FM value reachable from F and M scores is a valid column.
    for f in 1..=5 {
        for m in 1..=5 {
            let x = SecondAxis::FrequencyMonetary.score(f, m);
            assert!((1..=5).contains(&x));
            assert_eq!(SecondAxis::Frequency.score(f, m), f);
        }
    }
    // Names, keys and actions exist for every group; only Lost is not approached.
    let actions = Actions::standard();
    for g in Group::ALL {
        assert!(!g.name().is_empty() && !g.key().is_empty() && !g.description().is_empty());
        assert_eq!(Group::ALL[g.index()], g);
        assert_eq!(actions.get(g).approach, g != Group::Lost);
    }
    // Overrides.
    let mut custom = map;
    custom.set(1, 1, Group::Hibernating);
    assert_eq!(custom.group(1, 1), Group::Hibernating);
    let mut actions = Actions::standard();
    actions.set(Group::Lost, Action { approach: true, text: "one last try".into() });
    let fx = hand_worked();
    let options = RfmOptions { actions, ..RfmOptions::default() };
    let result = rfm(&fx.lines(), &options).expect("rfm");
    assert_eq!(result.group(Group::Lost).action.text, "one last try");
}

#[test]
fn quintiles_match_pandas_qcut_without_ties_and_ties_share_a_score() {
    // Without ties: pandas qcut(Series(range(n)).rank(method="first"), 5, labels=False) + 1
    assert_eq!(quintile_scores(&[1., 2., 3., 4., 5., 6.], true), [1, 1, 2, 3, 4, 5]);
    assert_eq!(quintile_scores(&[1., 2., 3., 4., 5., 6., 7.], true), [1, 1, 2, 3, 4, 5, 5]);
    // Equal values share a score: the rank of the first of them (pandas method="min").
    assert_eq!(quintile_scores(&[1.0; 10], true), [1; 10]);
    assert_eq!(quintile_scores(&[1.0; 10], false), [5; 10]);
    // Recency: smaller is better; the two 1s share R = 5.
    assert_eq!(quintile_scores(&[3., 1., 2., 1., 9.], false), [2, 5, 3, 5, 1]);
    assert_eq!(quintile_scores(&[42.0], true), [1]);
    assert_eq!(quintile_scores(&[42.0], false), [5]);
    assert!(quintile_scores(&[], true).is_empty());
    // Equal values never get different scores, and the smallest always scores 1.
    let v: Vec<f64> = (0..1000).map(|i| f64::from(i % 7)).collect();
    let s = quintile_scores(&v, true);
    for (a, b) in v.iter().zip(&s) {
        let same: Vec<u8> = v.iter().zip(&s).filter(|(x, _)| *x == a).map(|(_, q)| *q).collect();
        assert!(same.iter().all(|q| q == b), "value {a} split across scores");
    }
    assert!(v.iter().zip(&s).filter(|(x, _)| **x == 0.0).all(|(_, q)| *q == 1));
}

/// `n` customers with one order each, all on day 10; `C0` spends the most.
fn one_order_each_on_one_day(n: usize) -> Fixture {
    let mut fx = Fixture::default();
    for i in 0..n {
        let id = format!("C{i}");
        fx.line(Some(&id), 10, 9, 1.0, 100.0 - i as f64, &format!("{i}"), "P", None);
    }
    fx
}

#[test]
fn ties_never_make_recent_buyers_lost_or_one_time_buyers_champions() {
    let fx = one_order_each_on_one_day(50);
    let result = rfm(&fx.lines(), &RfmOptions::default()).expect("rfm");
    for c in &result.customers {
        assert_eq!((c.r, c.f), (5, 1), "{:?}", c.customer);
        assert!(
            !matches!(c.group, Group::Lost | Group::Champions | Group::Hibernating),
            "{:?} is {}",
            c.customer,
            c.group
        );
    }
    assert_eq!(result.group(Group::Lost).customers, 0);
    assert_eq!(result.group(Group::Champions).customers, 0);
    // Both recency and frequency are said to be unable to tell customers apart.
    let tied: Vec<Measure> = result.ties.iter().map(|t| t.measure).collect();
    assert_eq!(tied, [Measure::Recency, Measure::Frequency]);
    assert!(result.ties.iter().all(|t| t.distinct == 1));
    assert!(result.ties[0].to_string().contains("cannot tell them apart"), "{}", result.ties[0]);
}

#[test]
fn a_customer_with_several_orders_is_not_new() {
    // Many heavy buyers push a four-order customer into the lowest F score; still not New.
    let mut fx = Fixture::default();
    for i in 0..20 {
        let id = format!("H{i:02}");
        for k in 0..10 {
            fx.line(Some(&id), 1 + k, 9, 1.0, 50.0, &format!("{id}-{k}"), "P", None);
        }
    }
    for k in 0..4 {
        fx.line(Some("Four"), 20 + k, 9, 1.0, 1.0, &format!("F-{k}"), "P", None);
    }
    fx.line(Some("Once"), 23, 9, 1.0, 1.0, "O-1", "P", None);
    let result = rfm(&fx.lines(), &RfmOptions::default()).expect("rfm");
    let four = by_customer(&result, "Four");
    assert_eq!((four.frequency, four.r), (4, 5));
    assert_ne!(four.group, Group::New);
    assert_eq!(four.group, Group::Promising);
    assert_eq!(by_customer(&result, "Once").group, Group::New);
}

#[test]
fn deterministic_in_any_line_order() {
    let fx = hand_worked();
    let options = RfmOptions::default();
    let first = rfm(&fx.lines(), &options).expect("rfm");
    let again = rfm(&fx.lines(), &options).expect("rfm");
    assert_eq!(first, again);
    let n = fx.timestamp.len();
    let reversed: Vec<usize> = (0..n).rev().collect();
    let scrambled: Vec<usize> = (0..n).map(|i| (i * 17 + 5) % n).collect();
    for order in [reversed, scrambled] {
        let other = fx.permuted(&order);
        assert_eq!(rfm(&other.lines(), &options).expect("rfm"), first);
        let mut net = options.clone();
        net.cleaning.return_handling = ReturnHandling::Net;
        assert_eq!(rfm(&other.lines(), &net).expect("rfm"), rfm(&fx.lines(), &net).expect("rfm"));
    }
}

#[test]
fn customer_ids_as_indices_and_codes() {
    let ts = [at(1, 8), at(2, 9), at(3, 10), at(3, 11)];
    let amount = [10.0, 20.0, 30.0, 5.0];
    let index = [7u32, 12, 7, MISSING_CODE];
    let result = rfm(&OrderLines::new(Labels::Index(&index), &ts, &amount), &RfmOptions::default())
        .expect("rfm");
    let keys: Vec<CustomerKey> = result.customers.iter().map(|c| c.customer.clone()).collect();
    assert_eq!(keys, [CustomerKey::Index(7), CustomerKey::Index(12)]);
    // No invoice ids: one order per customer per timestamp.
    assert_eq!(result.customers[0].frequency, 2);
    assert_eq!(result.cleaning.missing_customer, 1);

    let levels = vec!["x".to_owned(), " ".to_owned(), "y".to_owned()];
    let codes = [0u32, 1, 2, 2];
    let lines = OrderLines::new(Labels::Coded { codes: &codes, levels: &levels }, &ts, &amount);
    let result = rfm(&lines, &RfmOptions::default()).expect("rfm");
    // The blank level counts as missing.
    assert_eq!(result.cleaning.missing_customer, 1);
    assert_eq!(result.customers.len(), 2);
    let bad = [0u32, 9, 2, 2];
    let lines = OrderLines::new(Labels::Coded { codes: &bad, levels: &levels }, &ts, &amount);
    assert!(matches!(
        rfm(&lines, &RfmOptions::default()),
        Err(RfmError::InvalidCode { lines: 1, .. })
    ));
}

#[test]
fn degenerate_inputs_are_clear_errors() {
    let options = RfmOptions::default();
    // No lines at all.
    let empty = OrderLines::new(Labels::Text(&[]), &[], &[]);
    assert!(matches!(rfm(&empty, &options), Err(RfmError::NoCustomers { .. })));

    // Every line lacks a customer: the error says which rule removed what.
    let customers = [None, None];
    let ts = [at(1, 1), at(2, 2)];
    let amount = [5.0, 6.0];
    let err = rfm(&OrderLines::new(Labels::Text(&customers), &ts, &amount), &options)
        .expect_err("no customers");
    let text = err.to_string();
    assert!(text.contains("no customers left"), "{text}");
    assert!(text.contains("missing customer id removed 2"), "{text}");

    // Everything is postage.
    let mut fx = Fixture::default();
    fx.line(Some("A"), 1, 1, 1.0, 4.0, "1", "POST", None);
    fx.line(Some("B"), 1, 1, 1.0, 4.0, "2", "DOT", None);
    let err = rfm(&fx.lines(), &options).expect_err("no customers");
    assert!(err.to_string().contains("non-product codes removed 2"), "{err}");

    // Dates after the reference date: counted, never shown.
    let fx = hand_worked();
    let late = RfmOptions {
        reference_day: Some(days_from_civil(2024, 1, 1) + 50),
        ..RfmOptions::default()
    };
    let result = rfm(&fx.lines(), &late).expect("orders after the reference date are left out");
    assert_eq!(result.after_reference, 20);
    assert!(result.customers.iter().all(|c| c.recency_days >= 0));
    // Only when nothing is left is it an error: counted, never shown.
    let early = RfmOptions {
        reference_day: Some(days_from_civil(2024, 1, 1) - 1),
        ..RfmOptions::default()
    };
    let err = rfm(&fx.lines(), &early).expect_err("future");
    assert!(matches!(err, RfmError::FutureLines { .. }), "{err}");
    assert!(err.to_string().contains("2023-12-31"), "{err}");
    // A reference date on the last day is fine: recency 0.
    let last = RfmOptions {
        reference_day: Some(days_from_civil(2024, 1, 1) + 100),
        ..RfmOptions::default()
    };
    assert_eq!(by_customer(&rfm(&fx.lines(), &last).expect("rfm"), "A").recency_days, 0);

    // Cleaning off: a negative amount is an error, not a silent wrong total.
    let mut fx = Fixture::default();
    fx.line(Some("A"), 1, 1, 2.0, 4.0, "1", "P", None);
    fx.line(Some("A"), 2, 1, -1.0, 4.0, "2", "P", None);
    fx.line(Some("B"), 2, 1, 0.0, 4.0, "3", "P", None);
    let none = RfmOptions { cleaning: Cleaning::none(), ..RfmOptions::default() };
    let err = rfm(&fx.lines(), &none).expect_err("negative");
    assert_eq!(err, RfmError::NonPositiveAmount { lines: 2 });
    assert!(err.to_string().contains("zero or negative amount"));
    // … and with cleaning on, the same lines are dropped.
    let ok = rfm(&fx.lines(), &options).expect("rfm");
    assert_eq!((ok.cleaning.returns, ok.cleaning.non_positive_price), (1, 1));

    // Missing customers or numbers with their rule off.
    let customers = [Some("a"), None];
    let err = rfm(&OrderLines::new(Labels::Text(&customers), &ts, &amount), &none);
    assert_eq!(err, Err(RfmError::MissingCustomer { lines: 1 }));
    let customers = [Some("a"), Some("b")];
    let nan = [5.0, f64::NAN];
    let lines = OrderLines::new(Labels::Text(&customers), &ts, &nan);
    assert_eq!(rfm(&lines, &none), Err(RfmError::Incomplete { lines: 1 }));
    let dropped = rfm(&lines, &options).expect("rfm");
    assert_eq!((dropped.cleaning.incomplete, dropped.customers.len()), (1, 1));
    let missing_ts = [MISSING_DATETIME, at(1, 1)];
    let lines = OrderLines::new(Labels::Text(&customers), &missing_ts, &amount);
    assert_eq!(rfm(&lines, &options).expect("rfm").cleaning.incomplete, 1);

    // Slices of different lengths.
    let short = [1.0];
    assert_eq!(
        rfm(&OrderLines::new(Labels::Text(&customers), &ts, &short), &options),
        Err(RfmError::LengthMismatch { column: "amount", expected: 2, found: 1 })
    );
    // A blank cancellation prefix.
    let mut blank = RfmOptions::default();
    blank.cleaning.cancellation_prefixes = vec![" ".into()];
    assert!(matches!(
        rfm(&OrderLines::new(Labels::Text(&customers), &ts, &amount), &blank),
        Err(RfmError::InvalidOptions(_))
    ));

    // A single customer with a single order still gets scores and a group.
    let one = [Some("solo")];
    let result =
        rfm(&OrderLines::new(Labels::Text(&one), &ts[..1], &amount[..1]), &options).expect("rfm");
    let c = &result.customers[0];
    assert_eq!((c.r, c.f, c.m, c.group), (5, 1, 1, Group::New));
    assert_eq!(c.recency_days, 1);
}

#[test]
fn cleaning_rules_and_patterns() {
    let cleaning = Cleaning::default();
    assert!(cleaning.is_cancellation("C536379"));
    assert!(cleaning.is_cancellation(" c536379"));
    assert!(!cleaning.is_cancellation("536379"));
    assert!(!cleaning.is_cancellation("A563185"));
    for code in ["POST", "post", "M", "m", "BANK CHARGES", "gift_0001_20", "GIFT_0001_10"] {
        assert!(cleaning.is_non_product(code), "{code}");
    }
    for code in ["85123A", "DCGSSBOY", "POSTER", "MM", ""] {
        assert!(!cleaning.is_non_product(code), "{code}");
    }
    assert!(glob_match(b"a*b?d", b"aXXbcd"));
    assert!(glob_match(b"*", b""));
    assert!(!glob_match(b"a*b", b"acbx"));
    assert!(glob_match(b"*x*", b"abxcd"));

    // Switching a rule off lets its lines through to the next rules.
    let fx = hand_worked();
    let mut options = RfmOptions::default();
    options.cleaning.non_product = false;
    let result = rfm(&fx.lines(), &options).expect("rfm");
    assert_eq!(result.cleaning.non_product, 0);
    assert_eq!(result.customers.len(), 11, "K (postage only) is a customer now");
    let mut options = RfmOptions::default();
    options.cleaning.cancellations = false;
    let result = rfm(&fx.lines(), &options).expect("rfm");
    // The cancellation has a negative quantity, so the returns rule takes it.
    assert_eq!((result.cleaning.cancellations, result.cleaning.returns), (0, 2));
}

#[test]
fn from_a_frame() {
    use icp_frame::Kind;
    let fx = hand_worked();
    let mut customer = StrColumn::new();
    for c in &fx.customer {
        customer.push(c.as_deref());
    }
    let mut levels: Vec<String> = Vec::new();
    let codes: Vec<u32> = fx
        .invoice
        .iter()
        .map(|v| {
            let v = v.clone().unwrap_or_default();
            match levels.iter().position(|l| *l == v) {
                Some(p) => p as u32,
                None => {
                    levels.push(v);
                    (levels.len() - 1) as u32
                }
            }
        })
        .collect();
    let mut product = StrColumn::new();
    for p in &fx.product {
        product.push(p.as_deref());
    }
    let n = fx.timestamp.len();
    let frame = Frame::new(
        vec![
            Column::new("CustomerID", Kind::Identifier, ColumnData::Str(customer)),
            Column::new("InvoiceNo", Kind::Categorical, ColumnData::Cat { codes, levels }),
            Column::new("StockCode", Kind::Text, ColumnData::Str(product)),
            Column::new("Quantity", Kind::Number, ColumnData::Number(fx.quantity.clone())),
            Column::new("UnitPrice", Kind::Number, ColumnData::Number(fx.price.clone())),
            Column::new("InvoiceDate", Kind::DateTime, ColumnData::DateTime(fx.timestamp.clone())),
        ],
        n,
    );
    let direct = rfm(&fx.lines(), &RfmOptions::default()).expect("rfm");
    let mut via = rfm_frame(&frame, &OrderColumns::online_retail(), &RfmOptions::default())
        .expect("rfm_frame");
    // The fixture's channels are not in the frame.
    for (a, b) in via.customers.iter_mut().zip(&direct.customers) {
        a.habits.channel.clone_from(&b.habits.channel);
    }
    assert_eq!(via, direct);

    let err = rfm_frame(
        &frame,
        &OrderColumns::new("customer", "InvoiceDate", "Quantity"),
        &RfmOptions::default(),
    );
    assert!(matches!(err, Err(RfmError::Column { .. })));
    let err = rfm_frame(
        &frame,
        &OrderColumns::new("CustomerID", "Quantity", "Quantity"),
        &RfmOptions::default(),
    )
    .expect_err("wrong kind");
    assert!(err.to_string().contains("date or datetime"), "{err}");
}
