//! What the page is set to, as types: the view, the language, the theme, the playback speed,
//! and the URL settings that choose them. One list per kind of value, so the settings panel,
//! the URL, share links and scenario files cannot disagree about what exists.

use crate::raft::{Break, Breaks};
use crate::share::limits;

/// Which picture the page shows: the Raft cluster, the hash ring, or both side by side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    #[default]
    Cluster,
    Ring,
    Both,
    /// The experiments of the papers, re-run (`crate::lab`).
    Lab,
    /// The Dynamo-style quorum store on the ring (`crate::quorum`).
    Store,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Cluster,
        View::Ring,
        View::Both,
        View::Store,
        View::Lab,
    ];

    /// The name in URLs, share links and scenario files.
    pub fn name(self) -> &'static str {
        match self {
            View::Cluster => "cluster",
            View::Ring => "ring",
            View::Both => "both",
            View::Lab => "lab",
            View::Store => "store",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == s)
    }

    pub fn shows_cluster(self) -> bool {
        matches!(self, View::Cluster | View::Both)
    }

    pub fn shows_ring(self) -> bool {
        matches!(self, View::Ring | View::Both)
    }
}

/// The two languages of the playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The name in URLs and share links.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The BCP 47 tag for `<html lang>`, so fonts and screen readers pick Simplified Chinese.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hans",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "zh" | "zh-Hans" | "zh-CN" => Some(Lang::Zh),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// Playback speed: one of eight steps. At 1× (the default) a wall millisecond is 50 virtual
/// microseconds, which turns a 15 ms message into a 0.3 s flight, slow enough to follow with
/// the eye, and shows a first election within a few seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Speed(u8);

/// Virtual microseconds per wall millisecond at each step.
const MICROS_PER_WALL_MS: [u32; 8] = [2, 5, 10, 25, 50, 100, 250, 1000];
/// The steps as multiples of the default, as the speed menu and the `speed` setting write them.
const LABELS: [&str; 8] = ["0.04×", "0.1×", "0.2×", "0.5×", "1×", "2×", "5×", "20×"];

impl Default for Speed {
    fn default() -> Self {
        Speed(4)
    }
}

impl Speed {
    pub const STEPS: u8 = MICROS_PER_WALL_MS.len() as u8;

    pub fn all() -> impl Iterator<Item = Speed> {
        (0..Self::STEPS).map(Speed)
    }

    /// The step at `index`, clamped to the fastest.
    pub fn from_index(index: u8) -> Speed {
        Speed(index.min(Self::STEPS - 1))
    }

    pub fn index(self) -> u8 {
        self.0
    }

    pub fn micros_per_wall_ms(self) -> u64 {
        u64::from(MICROS_PER_WALL_MS[usize::from(self.0)])
    }

    pub fn label(self) -> &'static str {
        LABELS[usize::from(self.0)]
    }

    /// `5`, `5x` or `5×`.
    pub fn parse(s: &str) -> Option<Speed> {
        let v = s.trim_end_matches(['x', '×']);
        Speed::all().find(|sp| sp.label().trim_end_matches('×') == v)
    }
}

/// The timeline scrubber's scale: its position is a share of the run so far, in thousandths.
///
/// A scale in virtual time would change the slider's range on every frame of a live run, and a
/// range input is laid out and painted again each time, though its thumb does not move (it sits
/// at the end). As a share of the run, the thumb at the live edge is a constant, and a rewound
/// run moves it only when it moves a step: about a pixel of the widest slider. Arrow keys move
/// it a step; the step buttons move the run an event.
pub mod scrub {
    use crate::sim::SimTime;

    pub const STEPS: u64 = 1000;

    /// Where the thumb stands for `now` in a run computed up to `head` (virtual time beyond
    /// 500 years saturates).
    pub fn position(now: SimTime, head: SimTime) -> u64 {
        if now >= head {
            STEPS
        } else {
            now.0.saturating_mul(STEPS) / head.0
        }
    }

    /// The moment a thumb at `position` stands for: the first whose position it is, so that
    /// seeking there leaves the thumb where it was dropped.
    pub fn time(position: u64, head: SimTime) -> SimTime {
        SimTime(head.0.saturating_mul(position.min(STEPS)).div_ceil(STEPS))
    }
}

/// Settings read from the page URL. A bad value never breaks the page: it is replaced by its
/// default and named in a visible notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    pub seed: u64,
    pub nodes: u8,
    pub lang: Lang,
    pub theme: Option<Theme>,
    pub paused: bool,
    /// Teaching switches, each turning off one rule of Raft.
    pub breaks: Breaks,
    pub view: View,
    /// Embedded in a slide: the stage only, with a minimal playback bar.
    pub embed: bool,
    pub speed: Speed,
    /// A guided scenario to open.
    pub scenario: Option<String>,
    /// A Lab experiment to run at once, with its settings (`lab=moved&lab-nodes=8…`).
    pub lab: Option<(crate::lab::Experiment, crate::lab::Settings)>,
}

impl Params {
    /// The cluster these settings describe: Raft servers with the teaching defaults, any
    /// broken rules, and one client driven by the page's buttons.
    pub fn cluster(&self) -> crate::raft::ClusterConfig {
        let mut config = crate::raft::ClusterConfig {
            servers: self.nodes,
            clients: 1,
            ..crate::raft::ClusterConfig::default()
        };
        config.raft.breaks = self.breaks;
        config
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            seed: 1,
            nodes: 5,
            lang: Lang::En,
            theme: None,
            paused: false,
            breaks: Breaks::default(),
            view: View::Cluster,
            embed: false,
            speed: Speed::default(),
            scenario: None,
            lab: None,
        }
    }
}

/// A URL setting that could not be used, for the notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadParam {
    pub name: String,
    pub value: String,
    pub expected: Expected,
}

/// What a URL setting should have been; the page words it in its language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Seed,
    Nodes,
    Lang,
    Theme,
    OneOrZero,
    View,
    Speed,
    Scenario,
    Break,
    /// A Lab experiment's name.
    Experiment,
    /// A whole number within the Lab's bounds.
    LabNumber,
    KnownSetting,
}

/// Parse a query string (`?seed=3&nodes=5`, leading `?` optional). Unknown names are reported
/// too, since a typo (`?node=7`) would otherwise be silently ignored; the tracking tags that
/// link shorteners and social sites add are not settings and are passed over.
pub fn parse(query: &str) -> (Params, Vec<BadParam>) {
    let mut p = Params::default();
    let mut problems = Vec::new();
    // The Lab's settings start from its experiment's defaults wherever its name stands (given
    // before it, they started from Balance's: `lab-trials=3&lab=moved` placed 10,000 keys,
    // not Moved's 100,000).
    let experiment = pairs(query)
        .filter(|(name, _)| name == "lab")
        .find_map(|(_, value)| crate::lab::Experiment::parse(&value))
        .unwrap_or(crate::lab::Experiment::Balance);
    for (name, value) in pairs(query) {
        let (name, value) = (name.as_str(), value.as_str());
        let mut bad = |expected| {
            problems.push(BadParam {
                name: name.to_string(),
                value: value.to_string(),
                expected,
            })
        };
        let flag = |value: &str| match value {
            "" | "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            _ => None,
        };
        match name {
            "seed" => match digits(value).and_then(|v| v.parse().ok()) {
                Some(v) if v <= crate::share::MAX_SEED => p.seed = v,
                _ => bad(Expected::Seed),
            },
            "nodes" => match digits(value).and_then(|v| v.parse::<u8>().ok()) {
                Some(v) if (1..=limits::MAX_SERVERS).contains(&v) => p.nodes = v,
                _ => bad(Expected::Nodes),
            },
            "lang" => match Lang::parse(value) {
                Some(l) => p.lang = l,
                None => bad(Expected::Lang),
            },
            "theme" => match Theme::parse(value) {
                Some(t) => p.theme = Some(t),
                None => bad(Expected::Theme),
            },
            "paused" => match flag(value) {
                Some(f) => p.paused = f,
                None => bad(Expected::OneOrZero),
            },
            "view" => match View::parse(value) {
                Some(v) => p.view = v,
                None => bad(Expected::View),
            },
            "embed" => match flag(value) {
                Some(f) => p.embed = f,
                None => bad(Expected::OneOrZero),
            },
            "speed" => match Speed::parse(value) {
                Some(s) => p.speed = s,
                None => bad(Expected::Speed),
            },
            "scenario" => {
                if crate::scenario::find(value).is_some()
                    || crate::scenario::store::find(value).is_some()
                {
                    p.scenario = Some(value.to_string());
                } else {
                    bad(Expected::Scenario);
                }
            }
            "break" => match Break::parse(value) {
                Some(b) => p.breaks.set(b, true),
                None => bad(Expected::Break),
            },
            "lab" => match crate::lab::Experiment::parse(value) {
                Some(e) => {
                    // Settings given before the experiment's name stay.
                    let settings = p.lab.map_or(e.defaults(), |(_, s)| s);
                    p.lab = Some((e, settings));
                }
                None => bad(Expected::Experiment),
            },
            "lab-nodes" | "lab-keys" | "lab-trials" | "lab-seed" => {
                let (e, mut s) = p.lab.unwrap_or((experiment, experiment.defaults()));
                let n: Option<u64> = digits(value).and_then(|v| v.parse().ok());
                let taken = match (name, n) {
                    ("lab-nodes", Some(v)) => u32::try_from(v).map(|v| s.nodes = v).is_ok(),
                    ("lab-trials", Some(v)) => u32::try_from(v).map(|v| s.trials = v).is_ok(),
                    ("lab-keys", Some(v)) => {
                        s.keys = v;
                        true
                    }
                    ("lab-seed", Some(v)) => {
                        s.seed = v;
                        true
                    }
                    _ => false,
                };
                match taken.then(|| s.check().ok()).flatten() {
                    Some(s) => p.lab = Some((e, s)),
                    None => bad(Expected::LabNumber),
                }
            }
            _ if is_tracking_tag(name) => {}
            _ => bad(Expected::KnownSetting),
        }
    }
    (p, problems)
}

/// `value` if it is written in digits alone: Rust's parsers also take a leading `+`, which
/// a query string may have meant as a space, and which the page never writes.
fn digits(value: &str) -> Option<&str> {
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())).then_some(value)
}

/// The query's settings as (name, value), percent-decoded: a browser's address bar encodes
/// what it cannot carry as it is (`speed=5×` arrives as `speed=5%C3%97`), and a link passed
/// through a mail or chat program may have more encoded. A `%` not followed by two hex digits,
/// or bytes that are not UTF-8 once decoded, are left as they were (and the setting, if it is
/// one, is then reported as it reads).
pub fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let query = query.strip_prefix('?').unwrap_or(query);
    query.split('&').filter(|s| !s.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decoded(name), percent_decoded(value))
    })
}

/// `text` with each `%XX` replaced by the byte it stands for.
fn percent_decoded(text: &str) -> String {
    let hex = |b: u8| char::from(b).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                // Two hex digits make a byte: hi and lo are below 16.
                out.push(((hi << 4) | lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Tags that analytics and link shorteners add to any URL (`utm_source`, `fbclid`, …).
fn is_tracking_tag(name: &str) -> bool {
    name.starts_with("utm_") || matches!(name, "fbclid" | "gclid" | "msclkid" | "mc_cid" | "mc_eid")
}

/// `url` without the setting `name` in its query (its fragment kept): what a slide's "Open in
/// Ringleader" opens is the page itself, not another embed.
pub fn without_setting(url: &str, name: &str) -> String {
    let (rest, fragment) = url
        .split_once('#')
        .map_or((url, None), |(r, f)| (r, Some(f)));
    let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            !pair.is_empty() && percent_decoded(pair.split('=').next().unwrap_or_default()) != name
        })
        .collect();
    let mut out = base.to_string();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// `url` with the setting `name` set to `value` (at the end of its query), or without it for
/// `None`; its other settings and fragment kept. The address bar follows the language, view
/// and scenario this way, so a reload or a copied address opens what is on screen.
pub fn with_setting(url: &str, name: &str, value: Option<&str>) -> String {
    let url = without_setting(url, name);
    let Some(value) = value else {
        return url;
    };
    let (rest, fragment) = url
        .split_once('#')
        .map_or((url.as_str(), None), |(r, f)| (r, Some(f)));
    let joint = if rest.contains('?') { '&' } else { '?' };
    let mut out = format!("{rest}{joint}{name}={value}");
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The query string that opens the Lab on `experiment` with `settings`, run at once.
pub fn lab_query(experiment: crate::lab::Experiment, s: crate::lab::Settings) -> String {
    format!(
        "view=lab&lab={}&lab-nodes={}&lab-keys={}&lab-trials={}&lab-seed={}",
        experiment.id(),
        s.nodes,
        s.keys,
        s.trials,
        s.seed
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_an_embed_in_full_drops_only_its_embed_setting() {
        let cases = [
            (
                "https://x.org/r/?embed=1&scenario=split-vote&paused=1#run=1.abc",
                "https://x.org/r/?scenario=split-vote&paused=1#run=1.abc",
            ),
            ("https://x.org/?seed=3&embed", "https://x.org/?seed=3"),
            (
                "https://x.org/?embed=1#store=1.q",
                "https://x.org/#store=1.q",
            ),
            ("https://x.org/?embedded=1", "https://x.org/?embedded=1"),
            ("https://x.org/", "https://x.org/"),
        ];
        for (url, want) in cases {
            assert_eq!(without_setting(url, "embed"), want, "{url}");
        }
    }

    #[test]
    fn a_setting_is_replaced_added_or_dropped_and_the_rest_kept() {
        let url = "https://x.org/r/?lang=en&scenario=leader-crash&seed=3#run=1.abc";
        assert_eq!(
            with_setting(url, "scenario", Some("partition")),
            "https://x.org/r/?lang=en&seed=3&scenario=partition#run=1.abc"
        );
        assert_eq!(
            with_setting(url, "scenario", None),
            "https://x.org/r/?lang=en&seed=3#run=1.abc"
        );
        assert_eq!(
            with_setting("https://x.org/", "lang", Some("zh")),
            "https://x.org/?lang=zh"
        );
        let round = with_setting(&with_setting(url, "lang", Some("zh")), "view", Some("ring"));
        let (params, bad) = parse(round.split_once('?').unwrap().1.split('#').next().unwrap());
        assert!(bad.is_empty());
        assert_eq!((params.lang, params.view), (Lang::Zh, View::Ring));
        assert_eq!(params.scenario.as_deref(), Some("leader-crash"));
    }

    #[test]
    fn a_lab_link_carries_its_experiment_and_settings_and_bad_ones_are_named() {
        use crate::lab::{Experiment, Settings};
        let s = Settings {
            nodes: 8,
            keys: 5000,
            trials: 3,
            seed: 9,
        };
        let (p, problems) = parse(&lab_query(Experiment::Moved, s));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(p.view, View::Lab);
        assert_eq!(p.lab, Some((Experiment::Moved, s)));
        // Settings before the experiment's name are laid over its own defaults.
        let (p, problems) = parse("lab-trials=3&lab=moved");
        assert!(problems.is_empty(), "{problems:?}");
        let moved = Settings {
            trials: 3,
            ..Experiment::Moved.defaults()
        };
        assert_eq!(p.lab, Some((Experiment::Moved, moved)));
        let (p, problems) = parse("lab=nope&lab-trials=0&lab-keys=x");
        assert_eq!(p.lab, None);
        let expected: Vec<_> = problems.iter().map(|x| x.expected).collect();
        assert_eq!(
            expected,
            [
                Expected::Experiment,
                Expected::LabNumber,
                Expected::LabNumber
            ]
        );
    }

    #[test]
    fn good_parameters_are_taken() {
        let (p, problems) =
            parse("?seed=42&nodes=7&lang=zh&theme=dark&paused=1&speed=5x&break=fixed-timeouts");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(p.seed, 42);
        assert_eq!(p.nodes, 7);
        assert_eq!(p.lang, Lang::Zh);
        assert_eq!(p.theme, Some(Theme::Dark));
        assert!(p.paused);
        assert_eq!(p.speed.label(), "5×");
        assert!(p.breaks.get(Break::FixedTimeouts));
    }

    #[test]
    fn bad_parameters_fall_back_to_defaults_and_are_named() {
        let (p, problems) = parse("seed=abc&nodes=99&lang=fr&node=3&speed=3");
        assert_eq!(p, Params::default());
        let names: Vec<_> = problems.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["seed", "nodes", "lang", "node", "speed"]);
        assert_eq!(problems[3].expected, Expected::KnownSetting);
    }

    #[test]
    fn seeds_stop_where_json_numbers_stop_being_exact() {
        let (p, problems) = parse("seed=9007199254740991");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(p.seed, crate::share::MAX_SEED);
        for seed in ["9007199254740992", "18446744073709551615", "-1"] {
            let (p, problems) = parse(&format!("seed={seed}"));
            assert_eq!(p.seed, Params::default().seed, "{seed}");
            assert_eq!(problems.len(), 1, "{seed}");
            assert_eq!(problems[0].expected, Expected::Seed);
        }
    }

    #[test]
    fn settings_are_percent_decoded() {
        // What a browser's address bar makes of `?speed=5×&scenario=leader-crash`, and a link
        // with more encoded than it needs.
        let (p, problems) = parse("?speed=5%C3%97&scenario=leader%2Dcrash&lang%3Dzh&%73eed=%33");
        assert_eq!(problems.len(), 1, "{problems:?}");
        // `lang%3Dzh` decodes to a name with `=` in it and no value: not a setting, named as
        // it reads once decoded.
        assert_eq!(problems[0].name, "lang=zh");
        assert_eq!(problems[0].expected, Expected::KnownSetting);
        assert_eq!(p.speed.label(), "5×");
        assert_eq!(p.scenario.as_deref(), Some("leader-crash"));
        assert_eq!(p.seed, 3);
        // A stray `%`, a lone hex digit and bytes that are not UTF-8 are left as they are.
        for (raw, kept) in [
            ("%", "%"),
            ("5%", "5%"),
            ("%4", "%4"),
            ("%zz", "%zz"),
            ("%FF", "%FF"),
        ] {
            let (_, problems) = parse(&format!("speed={raw}"));
            assert_eq!(problems[0].value, kept);
        }
        assert_eq!(
            without_setting("https://x.org/?%65mbed=1&seed=2", "embed"),
            "https://x.org/?seed=2"
        );
    }

    #[test]
    fn numbers_are_digits_alone() {
        for value in ["+5", " 5", "5 ", "0x5", ""] {
            let (p, problems) = parse(&format!("seed={value}&nodes={value}&lab-keys={value}"));
            assert_eq!(p.seed, Params::default().seed, "{value:?}");
            assert_eq!(p.nodes, Params::default().nodes, "{value:?}");
            assert_eq!(problems.len(), 3, "{value:?}");
        }
        // `+` is a space in a form's encoding; the page never writes one.
        assert_eq!(parse("seed=%2B5").1[0].value, "+5");
    }

    #[test]
    fn tracking_tags_are_not_settings() {
        let (p, problems) = parse("utm_source=slides&utm_medium=x&fbclid=abc&gclid=1&seed=4");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(p.seed, 4);
    }

    #[test]
    fn empty_query_is_fine() {
        assert_eq!(parse(""), (Params::default(), vec![]));
        assert_eq!(parse("?"), (Params::default(), vec![]));
    }

    #[test]
    fn every_name_parses_back() {
        for v in View::ALL {
            assert_eq!(View::parse(v.name()), Some(v));
        }
        for l in [Lang::En, Lang::Zh] {
            assert_eq!(Lang::parse(l.name()), Some(l));
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        for s in Speed::all() {
            assert_eq!(Speed::parse(s.label()), Some(s));
        }
        assert_eq!(Speed::default().label(), "1×");
    }

    #[test]
    fn the_scrubber_stands_still_at_the_live_edge_and_a_dropped_thumb_stays_put() {
        use super::scrub::{position, time, STEPS};
        use crate::sim::SimTime;
        // Live: wherever the head is, the thumb is at the end (nothing to redraw).
        for head in [0, 1, 999, 123_456, 30 * 60 * 1_000_000] {
            assert_eq!(position(SimTime(head), SimTime(head)), STEPS);
        }
        assert_eq!(position(SimTime(0), SimTime(1_000_000)), 0);
        assert_eq!(position(SimTime(500_000), SimTime(1_000_000)), 500);
        assert_eq!(position(SimTime(999_999), SimTime(1_000_000)), 999);
        // Seeking where the thumb was dropped puts it back at the same step.
        for head in [1_000, 7_919, 1_000_000, 1_234_567, 30 * 60 * 1_000_000] {
            for p in [0, 1, 333, 500, 999, STEPS] {
                let t = time(p, SimTime(head));
                assert!(t <= SimTime(head));
                assert_eq!(position(t, SimTime(head)), p, "head {head}, step {p}");
            }
        }
        assert_eq!(time(STEPS + 5, SimTime(10_000)), SimTime(10_000));
    }
}
