//! The command line (clap derive). Every setting in `icp.toml` can also be given here.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand};

/// Find your ideal customers in your own data, prove it, and put the answer to work.
#[derive(Debug, Parser)]
#[command(name = "icp", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print less (no notes, no progress).
    #[arg(long, short, global = true, env = "ICP_QUIET")]
    pub quiet: bool,
    /// Replace existing files that icp did not write (never one of the command's inputs).
    #[arg(long, global = true)]
    pub force: bool,
    /// Read tables that icp.toml places outside the project's folder.
    #[arg(long, global = true, env = "ICP_ALLOW_OUTSIDE", value_parser = clap::builder::BoolishValueParser::new())]
    pub allow_outside: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Describe CRM exports and write a commented project file (icp.toml).
    Init(Box<InitArgs>),
    /// Load the project as icp.toml describes it and summarise every table.
    Describe(DescribeArgs),
    /// Find the golden customers, what they share, and write the ICP profile (profile.toml).
    Discover(DiscoverArgs),
    /// Score accounts or leads with a profile: score 0-100, tier and reasons per record.
    Score(ScoreArgs),
    /// Show the full breakdown of one record's score.
    Explain(ExplainArgs),
    /// Prove the profile: cross-validated AUC, lift, gains and tiers beside simple baselines.
    Evaluate(EvaluateArgs),
    /// Segments that each carry an action: rules, clusters, families, and whom not to approach.
    Segment(SegmentArgs),
    /// RFM segments for buyers from an orders table: cleaning, quintile scores, named groups, habits.
    Rfm(RfmArgs),
    /// Customer lifetime value from orders: BG/NBD + Gamma-Gamma, P(alive), expected purchases and spend.
    Clv(ClvArgs),
    /// Write the report: one self-contained HTML page telling the whole story, in English or Japanese.
    Report(ReportArgs),
    /// The quarterly review: has the market moved since the profile was made? Drift, evidence, performance, a recommendation.
    Review(ReviewArgs),
    /// Compare two profiles: attributes in and out, bins, points, hard criteria, tiers.
    Diff(DiffArgs),
    /// Right-size: win rate, net value, days to close and value per sales-day by size band.
    Rightsize(RightsizeArgs),
    /// Plan this month's calls: whom to work, and what that finds on held-out records beside working by score or by size.
    Plan(PlanArgs),
    /// Customer success: put the seats where the most value is at risk (high, low and tech touch), as a CSV.
    Allocate(AllocateArgs),
    /// The records most like one chosen customer, in the profile's terms.
    Lookalike(LookalikeArgs),
    /// List a profile's versions (each records the one it replaced), or make an older one the profile again.
    History(HistoryArgs),
    /// Run icp on bundled synthetic data with a planted ideal customer profile.
    Demo(DemoArgs),
    /// The profile as one SQL statement that scores a table inside your database or warehouse (duckdb, postgres, sqlite, spark, bigquery, snowflake, trino, clickhouse).
    Sql(SqlArgs),
    /// The decision chain: which buying roles, seniorities and departments take part in won vs lost deals, and which open deals lack them.
    Chain(ChainArgs),
    /// Personas: groups of contacts alike in buying role, seniority, department and their company's tier, each a card.
    Personas(PersonasArgs),
    /// The customer journey: the funnel of stages with conversion and time between them, and where golden accounts' journeys differ.
    Journey(JourneyArgs),
    /// The ICP interview: a printable page and an answer sheet for the top golden customers, or (--answers) a filled sheet read back as attributes.
    Interview(InterviewArgs),
    /// Serve the HTTP API (projects, profile versions, scoring) over SQLite; manage its keys.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database: a SQLite file, or a PostgreSQL server (`postgres://user@host/db`);
    /// created and migrated on start.
    #[arg(long, env = "ICP_DB", default_value = "icp.db", value_name = "PATH|URL", global = true)]
    pub db: String,
    /// Where to listen (loopback by default; 0 as the port picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: String,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1 << 20, value_parser = clap::value_parser!(u64).range(1024..=1 << 30).map(|n| n as usize), value_name = "BYTES")]
    pub max_body_bytes: usize,
    /// Requests a second each API key may make, sustained (0: no limit); above it, 429.
    #[arg(long, default_value_t = 100.0, value_parser = non_negative, value_name = "N")]
    pub rate_limit: f64,
    /// Requests a key may make at once before the rate applies [default: twice the rate].
    #[arg(long, value_parser = non_negative, value_name = "N")]
    pub rate_burst: Option<f64>,
    /// A web origin allowed to call the API from a browser (CORS, off unless given; repeat for
    /// several), e.g. https://crm.example.com.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// How much the server logs to stderr: error, warn, info (a line per request) or debug.
    #[arg(long, default_value = "info", value_parser = ["error", "warn", "info", "debug"])]
    pub log_level: String,
    /// Where projects' uploaded files and icp.toml live (default: `icp-data` beside --db).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The largest uploaded data file, in bytes (streamed to disk, never held in memory).
    #[arg(long, default_value_t = 1 << 30, value_parser = clap::value_parser!(u64).range(1024..), value_name = "BYTES")]
    pub max_upload_bytes: u64,
    /// The most records one batch scoring may hold (a batch streams: the body size limit
    /// does not apply to it).
    #[arg(long, default_value_t = 10_000_000, value_parser = clap::value_parser!(u64).range(1..).map(|n| n as usize), value_name = "ROWS")]
    pub max_batch_rows: usize,
    /// Do not keep each lead a batch scores in the history (the batch's run is still
    /// recorded); single leads are always kept.
    #[arg(long)]
    pub no_batch_history: bool,
    /// Open the web UI (/ui) without signing in; refused unless --addr is a loopback address.
    #[arg(long)]
    pub local: bool,
    #[command(subcommand)]
    pub action: Option<ServeAction>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ServeAction {
    /// Create, migrate and check the database, then stop.
    Migrate,
    /// API keys: create (shown once), list (by prefix), revoke.
    #[command(subcommand)]
    Keys(KeysAction),
}

#[derive(Debug, clap::Subcommand)]
pub enum KeysAction {
    /// Make a key; it is printed once and only its hash is stored.
    Create {
        /// What it may do: read, score or admin.
        #[arg(long, value_parser = ["read", "score", "admin"])]
        scope: String,
        /// Limit it to one project (by id).
        #[arg(long, value_name = "ID")]
        project: Option<i64>,
    },
    /// List keys by prefix, scope and project.
    List,
    /// Revoke the key whose prefix is PREFIX.
    Revoke {
        /// The key's prefix, as `keys list` shows it.
        prefix: String,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// Where to write the report.
    #[arg(long, short, default_value = "report.html", value_name = "FILE")]
    pub output: PathBuf,
    /// Language: en or ja (default: `lang` in icp.toml, then the locale).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Use this profile instead of discovering one.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// What makes a customer golden (overrides [golden] rule in the project file).
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub golden: Option<String>,
    /// Cross-validation folds for the proof.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=100).map(usize::from))]
    pub folds: usize,
    /// Keep attributes left out as probable leaks (`leak = false` in icp.toml keeps one for good).
    #[arg(long)]
    pub keep_leaks: bool,
}

/// Which orders table to read and which of its columns mean what.
#[derive(Debug, Args, Clone, Default)]
pub struct OrdersArgs {
    /// The orders file (default: [orders] in the project file).
    #[arg(long, value_name = "FILE")]
    pub orders: Option<PathBuf>,
    /// The project file, for its [orders] table.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// The customer id column (recognised by default).
    #[arg(long, value_name = "COLUMN")]
    pub customer: Option<String>,
    /// The order date or time column.
    #[arg(long, value_name = "COLUMN")]
    pub date: Option<String>,
    /// The line or order amount column (default: quantity × unit price when there is none).
    #[arg(long, value_name = "COLUMN")]
    pub amount: Option<String>,
    /// The quantity column.
    #[arg(long, value_name = "COLUMN")]
    pub quantity: Option<String>,
    /// The unit price column.
    #[arg(long, value_name = "COLUMN")]
    pub price: Option<String>,
    /// The invoice or order id column (lines of one invoice are one order).
    #[arg(long, value_name = "COLUMN")]
    pub invoice: Option<String>,
    /// Take returns off the original purchase instead of dropping them.
    #[arg(long)]
    pub net_returns: bool,
    /// Keep lines that would be cleaned away (no cleaning).
    #[arg(long)]
    pub no_cleaning: bool,
    /// The date RFM recency and CLV are measured at (default: the day after the last order).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub reference_date: Option<String>,
    /// Read an orders column as another kind (e.g. --kind Quantity=number); repeatable.
    #[arg(long, value_name = "COLUMN=KIND")]
    pub kind: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RfmArgs {
    #[command(flatten)]
    pub orders: OrdersArgs,
    /// Write one row per customer (scores, group, action, habits) here.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the groups as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Compare RFM groups before this date with those from it on: how many customers moved
    /// from each group to each other (a migration matrix).
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "output")]
    pub compare: Option<String>,
}

#[derive(Debug, Args)]
pub struct ClvArgs {
    #[command(flatten)]
    pub orders: OrdersArgs,
    /// How far ahead to value customers, in months.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=600))]
    pub horizon_months: u32,
    /// Discount rate per month.
    #[arg(long, default_value_t = 0.01, value_parser = discount_rate)]
    pub discount_rate: f64,
    /// Learn from purchases up to this date only (a calibration period); later ones are ignored.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
    /// Penalty on the model's parameters (0 to 1; 0.001 steadies fits on small or flat data).
    #[arg(long, default_value_t = 0.0, value_parser = penalizer)]
    pub penalizer: f64,
    /// Write one row per customer (frequency, recency, T, monetary_value, P(alive), expected purchases, CLV) here.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the fit and totals as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LookalikeArgs {
    /// The records to search (default: the project's own accounts).
    pub input: Option<PathBuf>,
    /// The id of the customer to find lookalikes of (in the project's accounts).
    #[arg(long, value_name = "ID")]
    pub like: String,
    /// The project file.
    #[arg(long, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// The profile.
    #[arg(long, short, default_value = "profile.toml", value_name = "FILE")]
    pub profile: PathBuf,
    /// How many to list.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print the list as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct AllocateArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// The profile giving each customer's probability of staying golden (learned afresh when
    /// the file does not exist).
    #[arg(long, default_value = "profile.toml", value_name = "FILE")]
    pub profile: PathBuf,
    /// Where to write one row per customer (`-` for stdout).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also measure the allocation on held-out customers beside ranking by value alone.
    #[arg(long)]
    pub prove: bool,
    /// Most key attributes for a profile learned here.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=50).map(usize::from))]
    pub max_attributes: usize,
    /// Print the figures as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// Records that can be worked this month (default: `calls` under [economics.capacity]).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..).map(|n| n as usize))]
    pub calls: Option<usize>,
    /// The column "bigger is better" ranks by (default: employees, else revenue).
    #[arg(long, value_name = "COLUMN")]
    pub bigger: Option<String>,
    /// Where to write the leads to work, best first, with each one's expected golden and
    /// expected value (`-` for stdout).
    #[arg(long, short, visible_alias = "out", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Most key attributes to keep.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=50).map(usize::from))]
    pub max_attributes: usize,
    /// Print the results as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RightsizeArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// The column to band by (default: employees, else revenue).
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
    /// Bands for a number column (quantiles of the records, cut at round numbers).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(2..=20).map(usize::from))]
    pub bands: usize,
    /// The date a deal starts (default: a date column named like engage, created or start).
    #[arg(long, value_name = "COLUMN")]
    pub start: Option<String>,
    /// The date it closes (default: the close-date column).
    #[arg(long, value_name = "COLUMN")]
    pub end: Option<String>,
    /// Print the results as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SegmentArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// A profile: adds each segment's mean ICP score, and its hard criteria feed the do-not-approach list.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Number of clusters (default: chosen by silhouette over 2..10).
    #[arg(long, value_parser = clap::value_parser!(u16).range(2..=50).map(usize::from))]
    pub k: Option<usize>,
    /// Skip the clusters.
    #[arg(long)]
    pub no_clusters: bool,
    /// Seed for the clusters (a rerun with the same seed gives the same clusters).
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Let clusters and segment descriptions use columns left out as probable leaks.
    #[arg(long)]
    pub keep_leaks: bool,
    /// Write each record's segments here (CSV or JSON lines by extension).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the do-not-approach list (with reasons) here as CSV.
    #[arg(long, value_name = "FILE")]
    pub do_not_approach: Option<PathBuf>,
    /// Encoding of the CSV files written (utf-8, shift_jis/cp932, euc-jp…); the accounts file's by default.
    #[arg(long, value_name = "ENCODING")]
    pub output_encoding: Option<String>,
    /// Print the segment summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ChainArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// Write the open deals lacking part of the typical chain here (CSV: deal, account,
    /// people engaged, what is missing, what to do).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the findings as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PersonasArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// The profile whose tiers describe each contact's company (when it does not exist:
    /// golden or not, by the project's golden rule).
    #[arg(long, default_value = "profile.toml", value_name = "FILE")]
    pub profile: PathBuf,
    /// How many personas (default: chosen by the silhouette, 2 to 8).
    #[arg(long, short, value_parser = clap::value_parser!(u16).range(2..=16).map(usize::from))]
    pub k: Option<usize>,
    /// Write each contact's persona here (CSV: contact row, persona number, persona name;
    /// no names or e-mails).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the personas as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JourneyArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// Also show the funnel for each value of this accounts column (a segment, an industry).
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
    /// Print the journey as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// The profile whose attributes describe each customer (when it does not exist: the
    /// project's analysed columns).
    #[arg(long, default_value = "profile.toml", value_name = "FILE")]
    pub profile: PathBuf,
    /// How many golden customers, the most valuable first.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=500).map(usize::from))]
    pub top: usize,
    /// Language of the page: en or ja (default: `lang` in icp.toml, then the locale).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// The printable page.
    #[arg(long, default_value = "interview.html", value_name = "FILE")]
    pub html: PathBuf,
    /// The answer sheet: CSV, or an XLSX workbook (with the questions and codes in the
    /// page's language on a second sheet) when FILE ends in .xlsx.
    #[arg(long, default_value = "interview-answers.csv", value_name = "FILE")]
    pub sheet: PathBuf,
    /// Read this filled answer sheet (CSV or XLSX) back instead: its codes become
    /// attributes, written to --output for a [[lookup]].
    #[arg(long, value_name = "FILE", conflicts_with_all = ["top", "html", "sheet"])]
    pub answers: Option<PathBuf>,
    /// Where the attributes from --answers go.
    #[arg(
        long,
        short,
        default_value = "interview-attributes.csv",
        value_name = "FILE",
        requires = "answers"
    )]
    pub output: PathBuf,
    /// Print what was written or read as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `--report FILE` and `--lang`, on every command that can add to the report.
#[derive(Debug, Args, Clone, Default)]
pub struct PageArgs {
    /// Also write the report (self-contained HTML) here.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Language of the report: en or ja (default: `lang` in icp.toml, then the locale).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// Analyse only rows matching this rule instead of the project's population.
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub population: Option<String>,
    /// Use this golden rule instead of the project's.
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub golden: Option<String>,
    /// Use this value column or expression instead of the project's.
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub value: Option<String>,
    /// Where to write the profile.
    #[arg(long, short, default_value = "profile.toml", value_name = "FILE")]
    pub output: PathBuf,
    /// Most key attributes to keep (5-10 is typical; fewer when golden customers are few).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=50).map(usize::from))]
    pub max_attributes: usize,
    /// Keep attributes left out as probable leaks (`leak = false` in icp.toml keeps one for good).
    #[arg(long)]
    pub keep_leaks: bool,
    /// Print the findings as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Read cells that do not fit their column's kind as missing, with a warning.
    #[arg(long)]
    pub lenient: bool,
    #[command(flatten)]
    pub warehouse: WarehouseArgs,
}

/// Discovery inside the engine that holds the table (`--from`, `--from-aggregates`).
#[derive(Debug, Args, Default)]
pub struct WarehouseArgs {
    /// Work from the results of the aggregate statements (`icp sql --aggregates`), CSV files
    /// with the columns part, attribute, label, golden, accounts, comma-separated: when
    /// another round is needed, its statement is written to --next-sql.
    #[arg(long, value_name = "FILES", value_delimiter = ',', conflicts_with = "from")]
    pub from_aggregates: Vec<PathBuf>,
    /// Work inside a database, reading only aggregates: `postgres://…` or an SQLite file
    /// (evaluate: PostgreSQL; SQLite has no hash function to make folds with).
    /// PostgreSQL is reached without TLS: a URL with sslmode=require (or verify-ca,
    /// verify-full) is refused; use a local TLS tunnel, or --from-aggregates.
    #[arg(long, value_name = "URL|FILE", requires = "table")]
    pub from: Option<String>,
    /// The table to work on (with --from or --from-aggregates).
    #[arg(long, value_name = "TABLE")]
    pub table: Option<String>,
    /// The schema or dataset the table is in.
    #[arg(long, value_name = "SCHEMA")]
    pub schema: Option<String>,
    /// The engine's dialect (with --from-aggregates): duckdb, postgres, sqlite, spark,
    /// bigquery, snowflake, trino, clickhouse.
    #[arg(long, value_name = "DIALECT")]
    pub dialect: Option<String>,
    /// A sample or export of the table, for its columns' kinds (with --from-aggregates).
    #[arg(long, value_name = "FILE")]
    pub sample: Option<PathBuf>,
    /// Columns to leave out of the analysis, comma-separated (with --from or --from-aggregates).
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub exclude: Option<Vec<String>>,
    /// Where the next round's statement is written (with --from-aggregates).
    #[arg(long, default_value = "aggregates.sql", value_name = "FILE")]
    pub next_sql: PathBuf,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The records to score: a file (CSV/TSV(.gz), XLSX, JSON lines, Parquet) or `-` for stdin (CSV).
    pub input: PathBuf,
    /// The profile.
    #[arg(long, short, default_value = "profile.toml", value_name = "FILE")]
    pub profile: PathBuf,
    /// Where to write the scored records (`-` for stdout); format from the extension.
    #[arg(long, short, default_value = "-", value_name = "FILE")]
    pub output: PathBuf,
    /// Output format: csv, jsonl or parquet (default: from the output's extension, else csv).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Input columns to carry over, comma-separated (default: all).
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub keep: Option<Vec<String>>,
    /// Add the points of every attribute (they add up to the score).
    #[arg(long)]
    pub points: bool,
    /// Leave out the `icp_reasons` column (bulk exports that need only score and tier).
    #[arg(long)]
    pub no_reasons: bool,
    /// Score records from inputs that lack a profile column as "insufficient data" instead of failing.
    #[arg(long)]
    pub allow_missing: bool,
    /// Start CSV output with a byte-order mark so Excel reads UTF-8 correctly.
    #[arg(long)]
    pub bom: bool,
    /// Encoding of CSV output (utf-8, shift_jis/cp932, euc-jp…); the input's by default.
    #[arg(long, value_name = "ENCODING")]
    pub output_encoding: Option<String>,
    /// Order of the output: `input` (as read) or `ev` (adds icp_probability and
    /// icp_expected_value and puts the highest expected value first; needs the profile's
    /// [economics]).
    #[arg(long, value_enum, default_value = "input", value_name = "ORDER")]
    pub rank: Rank,
    /// Add icp_probability and icp_expected_value, keeping the input's order (needs the
    /// profile's [economics]).
    #[arg(long)]
    pub expected_value: bool,
    /// Name in the reasons the three golden customers of the project each record looks like
    /// (the same bins on the attributes that carry the most points).
    #[arg(long)]
    pub lookalikes: bool,
    /// The project whose golden customers `--lookalikes` names.
    #[arg(long, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// The profile.
    #[arg(long, short, default_value = "profile.toml", value_name = "FILE")]
    pub profile: PathBuf,
    /// The engine the SQL is for: duckdb, postgres, sqlite, spark, bigquery, snowflake, trino,
    /// clickhouse (or ansi, generic SQL).
    #[arg(long, short, value_name = "DIALECT")]
    pub dialect: String,
    /// The table (or view) to score.
    #[arg(long, short, default_value = "accounts", value_name = "TABLE")]
    pub table: String,
    /// The schema or dataset the table is in.
    #[arg(long, value_name = "SCHEMA")]
    pub schema: Option<String>,
    /// Write `CREATE VIEW NAME AS SELECT …` instead of a SELECT.
    #[arg(long, value_name = "NAME", conflicts_with = "create_table")]
    pub view: Option<String>,
    /// Write `CREATE TABLE NAME AS SELECT …` instead of a SELECT.
    #[arg(long, value_name = "NAME")]
    pub create_table: Option<String>,
    /// Add the points of every attribute (`points_<attribute>`; they add up to the score).
    #[arg(long)]
    pub points: bool,
    /// Add `icp_reasons`, worded as `icp score` words them (the table's columns then come out
    /// only as --keep names them).
    #[arg(long)]
    pub reasons: bool,
    /// The table's columns to carry over, comma-separated (default: all, or none with --reasons).
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub keep: Option<Vec<String>>,
    /// A sample or export of the table (any file icp reads): its columns' kinds then guide the
    /// SQL as they guide `icp score` (labels on number columns compared as numbers, tags in
    /// criteria and segments matched as whole labels, names resolved as icp resolves them).
    #[arg(long, value_name = "FILE")]
    pub sample: Option<PathBuf>,
    /// Add `icp_segment`: the first of the project's rule segments each row matches.
    #[arg(long, value_name = "PROJECT")]
    pub segments: Option<PathBuf>,
    /// Where to write the statement (`-` for stdout).
    #[arg(long, short, default_value = "-", value_name = "FILE")]
    pub output: PathBuf,
    /// Write the first of the aggregate statements discovery pushed down to the engine runs
    /// on (no profile needed): run it, then pass its result to `icp discover
    /// --from-aggregates`. Needs the table's columns (--sample) and the golden rule.
    #[arg(long, requires = "sample")]
    pub aggregates: bool,
    /// The golden rule for --aggregates (default: the project's).
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub golden: Option<String>,
    /// The population rule for --aggregates (default: the project's): only the accounts it
    /// matches are counted.
    #[arg(long, value_name = "RULE", allow_hyphen_values = true, requires = "aggregates")]
    pub population: Option<String>,
    /// The project whose golden rule and `analyse = false` columns --aggregates uses.
    #[arg(long, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// Columns --aggregates leaves out of the analysis, comma-separated.
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub exclude: Option<Vec<String>>,
}

/// How `icp score` orders its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Rank {
    /// As the input was read.
    Input,
    /// Highest expected value first.
    Ev,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The file holding the record.
    pub input: PathBuf,
    /// The profile.
    #[arg(long, short, default_value = "profile.toml", value_name = "FILE")]
    pub profile: PathBuf,
    /// The record's id.
    #[arg(long)]
    pub id: String,
    /// The id column (default: the profile's id column).
    #[arg(long, value_name = "COLUMN")]
    pub id_column: Option<String>,
    /// Print the breakdown as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// Analyse only rows matching this rule instead of the project's population.
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub population: Option<String>,
    /// Use this golden rule instead of the project's.
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub golden: Option<String>,
    /// Cross-validation folds.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=100).map(usize::from))]
    pub folds: usize,
    /// A date column for a time split (train on the earlier 80%, test on the later 20%).
    #[arg(long, value_name = "COLUMN")]
    pub time_column: Option<String>,
    /// Most key attributes to keep.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=50).map(usize::from))]
    pub max_attributes: usize,
    /// Keep attributes left out as probable leaks (`leak = false` in icp.toml keeps one for good).
    #[arg(long)]
    pub keep_leaks: bool,
    /// Print the results as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub warehouse: WarehouseArgs,
}

/// How to read files (each overrides what icp.toml says or what is detected).
#[derive(Debug, Args, Clone, Default)]
pub struct ReadArgs {
    /// Text encoding of CSV files (utf-8, shift_jis/cp932, euc-jp, windows-1252…); detected by default.
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    /// Field delimiter: `,` `;` `|` `tab` or `whitespace`; sniffed by default.
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// XLSX sheet to read; the first by default.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The first row is data, not a header.
    #[arg(long)]
    pub no_header: bool,
    /// Read cells that do not fit their column's kind as missing, with a warning, instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// Longest accepted record in bytes (default 1 MiB); longer rows are reported as broken.
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u32).range(16..=1_073_741_824).map(|n| n as usize))]
    pub max_record_bytes: Option<usize>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The accounts (customers and prospects) file: CSV/TSV(.gz), XLSX, JSON lines or Parquet.
    /// Leave it out and give --orders for a shop with orders only: its customers become the
    /// accounts.
    pub accounts: Option<PathBuf>,
    /// Deals or opportunities, joined to accounts on the account id.
    #[arg(long, value_name = "FILE")]
    pub deals: Option<PathBuf>,
    /// Orders or transactions (for RFM and lifetime value).
    #[arg(long, value_name = "FILE")]
    pub orders: Option<PathBuf>,
    /// Contacts (for personas and the decision chain).
    #[arg(long, value_name = "FILE")]
    pub contacts: Option<PathBuf>,
    /// A table whose columns are copied onto each row by key (e.g. accounts onto deals). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub lookup: Vec<PathBuf>,
    /// Only rows matching this rule are analysed, e.g. 'deal_stage in ["Won", "Lost"]'.
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub population: Option<String>,
    /// Where to write the project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub output: PathBuf,
    /// The accounts id column (unique per row); recognised by default.
    #[arg(long, value_name = "COLUMN")]
    pub id: Option<String>,
    /// The golden-customer rule, e.g. 'won_deals > 0 and won_value >= p75(won_value)'.
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub golden: Option<String>,
    /// The column or expression measuring a customer's value.
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub value: Option<String>,
    /// Read a column as this kind: COLUMN=KIND (number, boolean, date, datetime, categorical, tags, text, identifier). Repeatable.
    #[arg(long, value_name = "COLUMN=KIND")]
    pub kind: Vec<String>,
    /// Keep a column out of the analysis. Repeatable.
    #[arg(long, value_name = "COLUMN")]
    pub exclude: Vec<String>,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct DescribeArgs {
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// Use this golden rule instead of the project's.
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub golden: Option<String>,
    /// Use this value column or expression instead of the project's.
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub value: Option<String>,
    /// Use this accounts id column instead of the project's.
    #[arg(long, value_name = "COLUMN")]
    pub id: Option<String>,
    /// Read a column as this kind for this run: COLUMN=KIND. Repeatable.
    #[arg(long, value_name = "COLUMN=KIND")]
    pub kind: Vec<String>,
    /// Keep a column out of the analysis for this run. Repeatable.
    #[arg(long, value_name = "COLUMN")]
    pub exclude: Vec<String>,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Read cells that do not fit their column's kind as missing, with a warning.
    #[arg(long)]
    pub lenient: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder to write the demo's data and results into.
    #[arg(long, short, default_value = "icp-demo", value_name = "DIR")]
    pub output: PathBuf,
    /// Number of synthetic accounts.
    #[arg(long, default_value_t = 2000)]
    pub accounts: usize,
    /// Seed for the synthetic data.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

/// A monthly discount rate: a fraction from 0 to 1 (0.01 is 1% a month).
fn penalizer(text: &str) -> Result<f64, String> {
    let value: f64 = text.parse().map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is outside 0 to 1 (0.001 is a small penalty)"))
    }
}

fn discount_rate(text: &str) -> Result<f64, String> {
    let rate: f64 = text.parse().map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("{rate} is outside 0 to 1 (0.01 is 1% a month)"))
    }
}

/// A number of at least zero.
fn non_negative(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err("a number of at least 0".to_owned()),
    }
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// New exports of the accounts, read the way the project reads its accounts file.
    #[arg(required_unless_present = "since", conflicts_with = "since", value_name = "NEW_EXPORT")]
    pub exports: Vec<PathBuf>,
    /// Instead of new exports, review the project's own accounts dated on or after this day
    /// (`[accounts] date` in icp.toml names the date column); `profile` means the day the
    /// profile was made (its `[provenance] created`): the accounts that came after it.
    #[arg(long, value_name = "YYYY-MM-DD|profile")]
    pub since: Option<String>,
    /// The project file.
    #[arg(long, short, default_value = "icp.toml", value_name = "FILE")]
    pub project: PathBuf,
    /// The profile to review.
    #[arg(long, default_value = "profile.toml", value_name = "FILE")]
    pub profile: PathBuf,
    /// The review's date, from which the next is set 90 days on (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Read cells that do not fit their column's kind as missing, with a warning.
    #[arg(long)]
    pub lenient: bool,
    /// Skip discovering a fresh profile on the new data (the diff and the tier migration).
    #[arg(long)]
    pub no_rediscover: bool,
    /// Print the review as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older profile.
    pub old: PathBuf,
    /// The newer profile.
    pub new: PathBuf,
    /// Print the differences as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The profile; its kept copies (PROFILE.1, PROFILE.2, …) lie beside it.
    #[arg(default_value = "profile.toml", value_name = "PROFILE")]
    pub profile: PathBuf,
    /// Make the version whose hash starts with HASH the profile again (the current one is
    /// kept as a copy first).
    #[arg(long, value_name = "HASH")]
    pub restore: Option<String>,
    /// Print the history as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}
