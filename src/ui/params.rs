//! Settings read from the page URL. A bad value never breaks the page: it is replaced by its
//! default and named in a visible notice.

use super::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    pub seed: u64,
    pub nodes: u8,
    pub lang: Lang,
    pub theme: Option<Theme>,
    pub paused: bool,
    /// Teaching switches, each turning off one rule of Raft.
    pub breaks: crate::raft::Breaks,
    pub view: super::app::View,
    /// Embedded in a slide: the stage only, with a minimal playback bar.
    pub embed: bool,
    /// Playback speed as an index into the speed steps.
    pub speed: Option<usize>,
    /// A guided scenario to open.
    pub scenario: Option<String>,
}

pub const MAX_NODES: u8 = 9;
/// Bounds of the settings a user can type, in milliseconds.
pub const MIN_TIMEOUT_MS: u32 = 20;
pub const MAX_TIMEOUT_MS: u32 = 5_000;
pub const MIN_HEARTBEAT_MS: u32 = 5;
pub const MAX_HEARTBEAT_MS: u32 = 2_000;
pub const MAX_LATENCY_MS: u32 = 2_000;

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
            breaks: crate::raft::Breaks::default(),
            view: super::app::View::Cluster,
            embed: false,
            speed: None,
            scenario: None,
        }
    }
}

/// A parameter that could not be used, for the notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub name: String,
    pub value: String,
    pub expected: &'static str,
}

/// Parse a query string (`?seed=3&nodes=5`, leading `?` optional). Unknown names are reported
/// too, since a typo (`?node=7`) would otherwise be silently ignored.
pub fn parse(query: &str) -> (Params, Vec<Problem>) {
    let mut p = Params::default();
    let mut problems = Vec::new();
    let query = query.strip_prefix('?').unwrap_or(query);
    for pair in query.split('&').filter(|s| !s.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let mut bad = |expected| {
            problems.push(Problem {
                name: name.to_string(),
                value: value.to_string(),
                expected,
            })
        };
        match name {
            "seed" => match value.parse() {
                Ok(v) => p.seed = v,
                Err(_) => bad("a whole number from 0 to 18446744073709551615"),
            },
            "nodes" => match value.parse::<u8>() {
                Ok(v) if (1..=MAX_NODES).contains(&v) => p.nodes = v,
                _ => bad("a number of nodes from 1 to 9"),
            },
            "lang" => match Lang::parse(value) {
                Some(l) => p.lang = l,
                None => bad("en or zh"),
            },
            "theme" => match value {
                "light" => p.theme = Some(Theme::Light),
                "dark" => p.theme = Some(Theme::Dark),
                _ => bad("light or dark"),
            },
            "paused" => match value {
                "" | "1" | "true" => p.paused = true,
                "0" | "false" => p.paused = false,
                _ => bad("1 or 0"),
            },
            "view" => match value {
                "cluster" => p.view = super::app::View::Cluster,
                "ring" => p.view = super::app::View::Ring,
                "both" => p.view = super::app::View::Both,
                _ => bad("cluster, ring or both"),
            },
            "embed" => match value {
                "" | "1" | "true" => p.embed = true,
                "0" | "false" => p.embed = false,
                _ => bad("1 or 0"),
            },
            "speed" => {
                let v = value.trim_end_matches(['x', '×']);
                match super::app::SPEED_LABELS
                    .iter()
                    .position(|label| label.trim_end_matches('×') == v)
                {
                    Some(i) => p.speed = Some(i),
                    None => bad("a speed: 0.04, 0.1, 0.2, 0.5, 1, 2, 5 or 20"),
                }
            }
            "scenario" => {
                if crate::scenario::find(value).is_some() {
                    p.scenario = Some(value.to_string());
                } else {
                    bad("a scenario name (see the scenario list)");
                }
            }
            "break" => {
                if p.breaks.set(value).is_err() {
                    bad(
                        "a Raft rule to break: fixed-timeouts, no-up-to-date-check, \
                         many-votes-per-term or commit-old-terms-by-count",
                    )
                }
            }
            _ => bad(
                "a known setting: seed, nodes, lang, theme, paused, break, view, embed, speed, scenario",
            ),
        }
    }
    (p, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_parameters_are_taken() {
        let (p, problems) = parse("?seed=42&nodes=7&lang=zh&theme=dark&paused=1");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(p.seed, 42);
        assert_eq!(p.nodes, 7);
        assert_eq!(p.lang, Lang::Zh);
        assert_eq!(p.theme, Some(Theme::Dark));
        assert!(p.paused);
    }

    #[test]
    fn bad_parameters_fall_back_to_defaults_and_are_named() {
        let (p, problems) = parse("seed=abc&nodes=99&lang=fr&node=3");
        assert_eq!(p, Params::default());
        let names: Vec<_> = problems.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["seed", "nodes", "lang", "node"]);
    }

    #[test]
    fn empty_query_is_fine() {
        assert_eq!(parse(""), (Params::default(), vec![]));
        assert_eq!(parse("?"), (Params::default(), vec![]));
    }
}
