//! The Chinese text stays Chinese, typeset by the rules and worded by the glossary
//! (src/ui/glossary.md): every Chinese string of the page's table, every scenario title and
//! caption and every narration sentence. Scenario titles and captions are bounded.

use ringleader::scenario::{
    self, Caption, Scenario, MAX_CAPTION_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS,
};

/// The losing side of each choice the glossary made, with the word to use instead.
const FORBIDDEN: &[(&str, &str)] = &[
    ("候选者", "候选人"),
    ("拉票", "投票请求"),
    ("退位", "下台"),
    ("飞行中", "传输中"),
    ("法定人数", "多数派"),
    ("离散度", "变异系数"),
    ("斜纹", "带斜线"),
    ("播放器", "演练场"),
    ("消息丢失", "被丢弃 (a message is dropped; data is lost)"),
    ("丢失率", "丢包率"),
    ("崩溃", "宕机"),
    ("移交", "转移"),
    ("在此客户端", "客户端经此服务器"),
    (
        "论文图 8 的错误",
        "论文图 8 演示的错误做法 (the paper is right)",
    ),
];

/// Nouns that need a measure word after a count (3 台服务器, 523 个键).
const COUNTED_NOUNS: &[&str] = &["键", "节点", "服务器", "条目", "链路", "副本", "客户端"];

/// The ASCII punctuation that has a full-width form in a Chinese sentence.
const ASCII_PUNCT: &[char] = &[',', '.', ':', ';', '(', ')', '"'];

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// A Chinese character or full-width punctuation.
fn is_cjk(c: char) -> bool {
    is_ideograph(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// What is wrong with a Chinese string, one line per problem (empty: nothing).
fn chinese_problems(s: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !s.chars().any(is_ideograph) {
        problems.push("no Chinese character: an untranslated string?".to_string());
    }
    let chars: Vec<char> = s.chars().collect();
    for (i, pair) in chars.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        let at = || {
            chars[i.saturating_sub(6)..(i + 8).min(chars.len())]
                .iter()
                .collect::<String>()
        };
        if (ASCII_PUNCT.contains(&a) && is_cjk(b)) || (is_cjk(a) && ASCII_PUNCT.contains(&b)) {
            problems.push(format!("ASCII punctuation next to Chinese in …{}…", at()));
        }
        if (is_ideograph(a) && b.is_ascii_alphanumeric())
            || (a.is_ascii_alphanumeric() && is_ideograph(b))
        {
            problems.push(format!("no space between Chinese and Latin in …{}…", at()));
        }
    }
    for (bad, good) in FORBIDDEN {
        if s.contains(bad) {
            problems.push(format!("uses {bad}; the glossary says {good}"));
        }
    }
    // A count then a noun with no measure word: "523 键".
    for noun in COUNTED_NOUNS {
        for (at, _) in s.match_indices(&format!(" {noun}")) {
            if s[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit())
            {
                problems.push(format!("a count without a measure word before {noun}"));
            }
        }
    }
    problems
}

/// In text about Raft, a cluster member is a 服务器; 节点 only in the article's 主节点/从节点
/// or inside a quotation of the article.
fn raft_problems(s: &str) -> Vec<String> {
    let mut unquoted = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth -= 1,
            _ if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    let rest = unquoted.replace("主节点", "").replace("从节点", "");
    if rest.contains("节点") {
        vec!["calls a Raft server 节点; the glossary says 服务器".to_string()]
    } else {
        Vec::new()
    }
}

/// Every problem of a list of (where, text) pairs, as one report.
fn report(problems: impl IntoIterator<Item = (String, Vec<String>)>) -> String {
    problems
        .into_iter()
        .filter(|(_, p)| !p.is_empty())
        .map(|(place, p)| format!("{place}:\n  {}", p.join("\n  ")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn captions(s: &Scenario) -> impl Iterator<Item = (String, &Caption)> {
    [
        (format!("{} name", s.id), &s.name),
        (format!("{} title", s.id), &s.title),
    ]
    .into_iter()
    .chain(
        s.steps
            .iter()
            .enumerate()
            .filter(|(_, st)| !st.caption.en.is_empty())
            .map(move |(i, st)| (format!("{} step {}", s.id, i + 1), &st.caption)),
    )
}

#[test]
fn the_checker_catches_each_kind_of_mistake() {
    assert!(chinese_problems("N2 的任期是第 3 任期，有 523 个键（CV）。").is_empty());
    for bad in [
        "not translated",
        "N2 的任期,很长",
        "选举(第 3 任期)",
        "N2的任期",
        "第3任期",
        "有 523 键",
        "它被拉票",
    ] {
        assert!(!chinese_problems(bad).is_empty(), "{bad}");
    }
    assert!(raft_problems("五台服务器；主节点就是领导者；原文说“所有节点”").is_empty());
    assert!(!raft_problems("五个节点").is_empty());
}

#[test]
fn scenario_titles_and_captions_are_chinese_typeset_and_worded_by_the_glossary() {
    let all = scenario::all();
    let problems = all.iter().flat_map(|s| {
        let raft = s.view == "cluster";
        captions(s).map(move |(place, c)| {
            let mut p = chinese_problems(&scenario::caption_text(&c.zh, false, false));
            if raft {
                p.extend(raft_problems(&c.zh));
            }
            (place, p)
        })
    });
    let report = report(problems);
    assert!(report.is_empty(), "{report}");
}

#[test]
fn scenario_titles_and_captions_are_bounded() {
    for s in scenario::all() {
        for (place, c) in captions(&s) {
            let max = if place.ends_with("name") {
                MAX_NAME_CHARS
            } else if place.ends_with("title") {
                MAX_TITLE_CHARS
            } else {
                MAX_CAPTION_CHARS
            };
            for text in [&c.en, &c.zh] {
                assert!(text.chars().count() <= max, "{place} is too long: {text}");
            }
        }
    }
}

#[test]
fn a_scenario_file_with_a_huge_caption_or_title_is_refused_clearly() {
    let good = scenario::find("first-election").unwrap();
    good.validate().unwrap();

    let mut huge = good.clone();
    huge.steps[1].caption.zh = "很长".repeat(5 * 1024 * 1024 / 6);
    let err = huge.validate().unwrap_err().to_string();
    assert!(
        err.contains("caption of step 2")
            && err.contains("Chinese")
            && err.contains(&MAX_CAPTION_CHARS.to_string()),
        "{err}"
    );

    let mut long_title = good.clone();
    long_title.title.en = "x".repeat(MAX_TITLE_CHARS + 1);
    let err = long_title.validate().unwrap_err().to_string();
    assert!(err.contains("title") && err.contains("English"), "{err}");

    let mut long_name = good.clone();
    long_name.name.zh = "名".repeat(MAX_NAME_CHARS + 1);
    let err = long_name.validate().unwrap_err().to_string();
    assert!(err.contains("name") && err.contains("Chinese"), "{err}");

    // Exactly at the bound is fine.
    let mut at_bound = good;
    at_bound.title.en = "x".repeat(MAX_TITLE_CHARS);
    at_bound.steps[0].caption.en = "y".repeat(MAX_CAPTION_CHARS);
    at_bound.validate().unwrap();
}

#[cfg(feature = "web")]
mod page {
    use super::*;
    use ringleader::playground::{Happening, Lang, ReadWay};
    use ringleader::raft::{Op, Reply};
    use ringleader::ring::Algorithm;
    use ringleader::scenario::cause::{
        Answer, ElectionCause, PreVoteCause, RefusalCause, SendCause, StepDownCause,
    };
    use ringleader::sim::NodeId;
    use ringleader::ui::i18n::{algorithm_label, all_texts, property_name, sentence, Text};

    /// A refused URL setting is answered with what it should have been: every value the page
    /// accepts is named there, in both languages; and the Chinese does not repeat the word
    /// "应为" (expected) that the notice puts before it.
    #[test]
    fn a_refused_setting_names_every_value_the_page_accepts() {
        use ringleader::playground::page::{self, Expected};
        use ringleader::ui::i18n::{expected, t};
        let lists: [(Expected, Vec<&str>); 3] = [
            (
                Expected::View,
                page::View::ALL.iter().map(|v| v.name()).collect(),
            ),
            (
                Expected::Break,
                ringleader::raft::Break::ALL
                    .iter()
                    .map(|b| b.name())
                    .collect(),
            ),
            (
                Expected::Experiment,
                ringleader::lab::Experiment::ALL
                    .iter()
                    .map(|e| e.id())
                    .collect(),
            ),
        ];
        for (what, names) in &lists {
            for lang in [Lang::En, Lang::Zh] {
                let said = expected(*what, lang);
                for name in names {
                    assert!(
                        said.contains(name),
                        "{what:?} in {lang:?} omits {name}: {said}"
                    );
                }
            }
        }
        // Every setting the text names is one the page reads.
        let settings = expected(Expected::KnownSetting, Lang::En);
        let names = settings.split_once(": ").expect("a list after a colon").1;
        for name in names.split(", ") {
            let (_, bad) = page::parse(&format!("{name}=x"));
            assert!(
                bad.iter().all(|b| b.expected != Expected::KnownSetting),
                "{name} is listed as a setting but the page does not know it"
            );
        }
        let word = t(Lang::Zh, Text::ExpectedWord);
        for what in [
            Expected::Seed,
            Expected::Nodes,
            Expected::Lang,
            Expected::Theme,
            Expected::OneOrZero,
            Expected::View,
            Expected::Speed,
            Expected::Scenario,
            Expected::Break,
            Expected::Experiment,
            Expected::LabNumber,
            Expected::KnownSetting,
        ] {
            let zh = expected(what, Lang::Zh);
            assert!(!zh.starts_with(word), "{what:?} repeats {word}: {zh}");
        }
    }

    #[test]
    fn every_chinese_string_of_the_table_is_chinese_typeset_and_worded_by_the_glossary() {
        // Names, codes and the language switch are the same in both languages.
        let not_chinese = [Text::SwitchLanguage, Text::TraceHash];
        let report = report(
            all_texts()
                .filter(|(text, _, _)| !not_chinese.contains(text))
                .map(|(text, _, zh)| (format!("Text::{text:?} {zh:?}"), chinese_problems(zh))),
        );
        assert!(report.is_empty(), "{report}");
        assert!(Text::ALL.len() > 200, "the table is read whole");
    }

    #[test]
    fn the_explainers_say_what_raft_guarantees_and_what_consistent_hashing_is_not() {
        use ringleader::ui::i18n::t;
        let says = |text: Text, lang: Lang, words: &[&str]| {
            let s = t(lang, text);
            for w in words {
                assert!(s.contains(w), "{text:?} in {lang:?} should say {w:?}: {s}");
            }
        };
        says(
            Text::RaftExplainer,
            Lang::En,
            &[
                "committed",
                "never lost",
                "same commands in the same order",
                "linearizable",
                "does not promise",
            ],
        );
        says(
            Text::RaftExplainer,
            Lang::Zh,
            &[
                "已提交的条目永不丢失",
                "按相同顺序应用相同的",
                "线性一致",
                "并不保证",
            ],
        );
        says(
            Text::RingExplainer,
            Lang::En,
            &["not about data consistency"],
        );
        says(
            Text::RingExplainer,
            Lang::Zh,
            &["一致性哈希", "与数据的一致性无关"],
        );
    }

    #[test]
    fn safety_properties_and_algorithm_names_are_chinese() {
        use ringleader::check::Property;
        let properties = Property::FIGURE_3
            .into_iter()
            .chain(Property::LEMMAS)
            .chain([Property::Linearizability]);
        let mut problems: Vec<(String, Vec<String>)> = properties
            .map(|p| {
                (
                    format!("{p:?}"),
                    chinese_problems(property_name(p, Lang::Zh)),
                )
            })
            .collect();
        for name in Algorithm::NAMES {
            let a = Algorithm::parse(name, 100).unwrap();
            problems.push((name.into(), chinese_problems(&algorithm_label(a, Lang::Zh))));
        }
        let report = report(problems);
        assert!(report.is_empty(), "{report}");
    }

    #[test]
    fn refusals_of_the_ring_and_of_links_are_chinese() {
        use ringleader::ring::RingError;
        use ringleader::share::ShareError;
        use ringleader::ui::i18n::{ring_error, share_error};
        let ring = [
            RingError::NoMembers,
            RingError::NoSuchMember(ringleader::ring::MemberId(3)),
            RingError::TooManyMembers(64),
            RingError::BadName("N1".into()),
            RingError::ZeroWeight("N1".into()),
            RingError::JumpRemovesLastOnly { name: "N1".into() },
            RingError::NoNodeNamed("N8".into()),
            RingError::UnknownAlgorithm("consistent".into()),
            RingError::Vnodes,
            RingError::Capacity,
            RingError::Probes,
            RingError::MaglevTable(100),
            RingError::BadServerLine(2, "10.0.0.1 x".into()),
        ];
        let share = [
            ShareError::NotALink,
            ShareError::FutureVersion {
                found: 9,
                newest: 3,
            },
            ShareError::Truncated,
            ShareError::Damaged,
            ShareError::Invalid(ringleader::share::Impossible::Seed(u64::MAX)),
            ShareError::TooLarge,
        ];
        let texts = ring
            .iter()
            .map(|e| (ring_error(e, Lang::En), ring_error(e, Lang::Zh)))
            .chain(
                share
                    .iter()
                    .map(|e| (share_error(e, Lang::En), share_error(e, Lang::Zh))),
            );
        let problems = translation_problems(texts);
        let report = report(problems);
        assert!(report.is_empty(), "{report}");
    }

    /// Why a run or scenario file is refused reads in Chinese with the English's figures:
    /// every way its JSON can differ from what is read, every impossible setting and every
    /// scenario check (the Chinese said the reader's English in parentheses).
    #[test]
    fn a_refused_file_says_why_in_chinese_with_the_same_figures() {
        use ringleader::quorum::ConfigFault;
        use ringleader::raft::Load;
        use ringleader::ring::RingError;
        use ringleader::scenario::{Fault, Part};
        use ringleader::share::json::{Kind, Shape, Want};
        use ringleader::share::{Impossible, ShareError};
        use ringleader::sim::NodeId;
        use ringleader::ui::i18n::{impossible, json_shape, scenario_fault};
        let wants = [
            Want::Object,
            Want::List,
            Want::Boolean,
            Want::String,
            Want::Whole,
            Want::Variant,
            Want::Nothing,
            Want::Concept,
        ];
        let kinds = [
            Kind::Null,
            Kind::Boolean,
            Kind::Number,
            Kind::String,
            Kind::List,
            Kind::Object,
        ];
        let mut shapes = vec![
            Shape::TooDeep,
            Shape::Count { want: 2, found: 3 },
            Shape::MoreThan {
                text: "300".into(),
                max: 255,
            },
            Shape::NotWhole {
                text: "1.5".into(),
                max: 255,
            },
            Shape::Keys(2),
            Shape::NotOneOf {
                name: "CrashLeadr".into(),
                names: "Act, CrashLeader, Heal".into(),
            },
            Shape::NoItem(1),
        ];
        for want in wants {
            for found in kinds {
                shapes.push(Shape::Expected { want, found });
            }
        }
        let settings = [
            Impossible::Seed(u64::MAX),
            Impossible::Servers(12),
            Impossible::StoreNodes(2),
            Impossible::ElectionTimeout {
                min_ms: 300,
                max_ms: 150,
            },
            Impossible::Heartbeat(0),
            Impossible::Latency {
                min_ms: 20,
                max_ms: 10,
            },
            Impossible::Chance,
            Impossible::Clients(7),
            Impossible::ClientRetry,
            Impossible::DiskWrite(9000),
            Impossible::Setups {
                given: 4,
                clients: 2,
            },
            Impossible::Workload {
                read_pct: 120,
                keys: 3,
                think_ms: 250,
            },
            Impossible::ClockRates,
            Impossible::ClockRate(500),
            Impossible::DriftBound(90),
            Impossible::RingNodes(300),
            Impossible::RingNode {
                name: "N1".into(),
                weight: 0,
            },
            Impossible::Ring(RingError::ZeroWeight("N1".into())),
            Impossible::Algorithm("consistent".into()),
            Impossible::Vnodes(5000),
            Impossible::Replicas(9),
            Impossible::Keys(2_000_000),
            Impossible::NoSuchNode(NodeId(11)),
            Impossible::OutOfOrder,
            Impossible::TooLate,
            Impossible::LatencyUpsideDown,
            Impossible::Moment,
            Impossible::ViewLangTheme,
            Impossible::Timeout,
            Impossible::SpeedStep(9),
            Impossible::Action {
                index: 3,
                of: 40,
                at_ms: 1250,
            },
            Impossible::RunLength {
                s: 4000,
                max_s: 3600,
            },
            Impossible::Store(ConfigFault::Nodes(12)),
            Impossible::Store(ConfigFault::Clients(7)),
            Impossible::Store(ConfigFault::N { n: 5, nodes: 4 }),
            Impossible::Store(ConfigFault::Quorums { w: 4, r: 2, n: 3 }),
            Impossible::Store(ConfigFault::Tries),
            Impossible::Store(ConfigFault::Load(Load {
                read_pct: 120,
                keys: 3,
                think_ms: 250,
            })),
            Impossible::NoScenario("sloppy-quorum-2".into()),
        ]
        .into_iter()
        .chain(run_bounds().into_iter().map(Impossible::Run))
        .collect::<Vec<_>>();
        let faults = [
            Fault::Id,
            Fault::TooLong {
                part: Part::Title,
                chinese: true,
                max: 120,
                bytes: 400,
            },
            Fault::TooLong {
                part: Part::Name,
                chinese: false,
                max: 24,
                bytes: 30,
            },
            Fault::TooLong {
                part: Part::Caption(3),
                chinese: true,
                max: 1000,
                bytes: 5000,
            },
            Fault::View("lab".into()),
            Fault::Steps,
            Fault::Run(ShareError::Invalid(Impossible::Clients(7))),
            Fault::Vnodes {
                step: 2,
                asked: 100_000,
            },
            Fault::Replicas { step: 2, asked: 50 },
            Fault::RingNode {
                step: 4,
                name: "N9".into(),
            },
            Fault::Client {
                step: 5,
                client: 2,
                clients: 1,
            },
            Fault::OutOfOrder { step: 6 },
            Fault::PastAnHour { step: 7 },
        ];
        // The figures of a text: runs of digits, in order of size (the languages order them
        // differently).
        let texts = shapes
            .iter()
            .map(|x| (json_shape(x, Lang::En), json_shape(x, Lang::Zh)))
            .chain(
                settings
                    .iter()
                    .map(|x| (impossible(x, Lang::En), impossible(x, Lang::Zh))),
            )
            .chain(
                faults
                    .iter()
                    .map(|x| (scenario_fault(x, Lang::En), scenario_fault(x, Lang::Zh))),
            );
        let report = report(translation_problems(texts));
        assert!(report.is_empty(), "{report}");
    }

    /// Each Chinese text's problems: its typesetting, figures not those of its English, or the
    /// English inside it.
    fn translation_problems(
        texts: impl Iterator<Item = (String, String)>,
    ) -> Vec<(String, Vec<String>)> {
        // The figures of a text: runs of digits, in order of size (the languages order them
        // differently).
        let figures = |t: &str| {
            let mut f: Vec<String> = t
                .split(|c: char| !c.is_ascii_digit())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            ringleader::sim::sort::sort(&mut f);
            f
        };
        let mut problems = Vec::new();
        for (en, zh) in texts {
            let mut p = chinese_problems(&zh);
            if figures(&en) != figures(&zh) {
                p.push(format!(
                    "figures {:?} in English, {:?} here",
                    figures(&en),
                    figures(&zh)
                ));
            }
            if zh.contains(en.trim_end_matches('.')) && en.chars().any(|c| c.is_ascii_alphabetic())
            {
                p.push("the English inside the Chinese".into());
            }
            // Three Latin words in a row are an English phrase (the Chinese keeps names and
            // terms such as "Quorum" or "JSON", one at a time).
            let latin = |w: &&str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic());
            let words: Vec<&str> = zh.split(' ').collect();
            if words.windows(3).any(|w| w.iter().all(latin)) {
                p.push("an English phrase inside the Chinese".into());
            }
            problems.push((zh, p));
        }
        problems
    }

    /// Every bound of the simulation a run can reach.
    fn run_bounds() -> Vec<ringleader::sim::TimelineError> {
        use ringleader::sim::{SimError, SimTime, TimelineError};
        vec![
            TimelineError::TraceFull { limit: 10_000_000 },
            TimelineError::Sim(SimError::QueueFull { limit: 100_000 }),
            TimelineError::Sim(SimError::CommandInPast {
                at: SimTime::from_millis(1250),
                earliest: SimTime::from_millis(2500),
            }),
            TimelineError::Sim(SimError::NoSuchNode(NodeId(11))),
        ]
    }

    /// The page's error line (a bound of the simulation, a scenario step the ring refused, a
    /// download or export that did not happen) in Chinese with the English's figures: it said
    /// the simulation's English in both languages.
    #[test]
    fn the_error_line_says_what_failed_in_both_languages() {
        use ringleader::ring::RingError;
        use ringleader::ui::i18n::failure;
        use ringleader::ui::{Failure, Refused};
        let failures: Vec<Failure> = run_bounds()
            .into_iter()
            .map(Failure::Run)
            .chain([
                Failure::Step(vec![RingError::NoNodeNamed("N8".into())]),
                Failure::Step(vec![
                    RingError::JumpRemovesLastOnly { name: "N2".into() },
                    RingError::UnknownAlgorithm("consistent".into()),
                ]),
                Failure::NoScenario("sloppy-quorum-2".into()),
                Failure::Refused(Refused::File),
                Failure::Refused(Refused::Json),
                Failure::Refused(Refused::NotShown),
                Failure::Refused(Refused::Picture),
            ])
            .collect();
        for f in &failures {
            let en = failure(f, Lang::En);
            assert!(
                en.starts_with(|c: char| c.is_ascii_uppercase()) && en.ends_with('.'),
                "a sentence: {en}"
            );
            assert!(
                failure(f, Lang::Zh).ends_with('。'),
                "{}",
                failure(f, Lang::Zh)
            );
        }
        let texts = failures
            .iter()
            .map(|f| (failure(f, Lang::En), failure(f, Lang::Zh)));
        let report = report(translation_problems(texts));
        assert!(report.is_empty(), "{report}");
        assert_eq!(
            failure(&Failure::Run(run_bounds().remove(0)), Lang::En),
            "The run reached its length limit of 10,000,000 events."
        );
    }

    /// One happening of every kind and every cause, with values that exercise each branch.
    fn every_happening() -> Vec<Happening> {
        use Happening::*;
        let (n1, n2, n3) = (NodeId(0), NodeId(1), NodeId(2));
        let put = Op::Put {
            key: "x".into(),
            value: "1".into(),
        };
        let ops = [
            put.clone(),
            Op::Get { key: "x".into() },
            Op::Cas {
                key: "x".into(),
                expected: Some("1".into()),
                new: "2".into(),
            },
            Op::Cas {
                key: "x".into(),
                expected: None,
                new: "2".into(),
            },
            Op::Delete { key: "x".into() },
        ];
        let mut all = Vec::new();
        for why in [
            ElectionCause::Timer,
            ElectionCause::TimerAgain,
            ElectionCause::Forced,
            ElectionCause::PreVoteWon,
            ElectionCause::TimeoutNow { from: n2 },
        ] {
            all.push(StartedElection {
                node: n1,
                term: 3,
                why,
            });
        }
        for why in [
            PreVoteCause::Timer,
            PreVoteCause::TimerAgain,
            PreVoteCause::Forced,
        ] {
            all.push(StartedPreVote {
                node: n1,
                term: 3,
                why,
            });
        }
        all.push(Voted {
            node: n1,
            candidate: n2,
            term: 3,
        });
        for first in [n1, n3] {
            all.push(VotedAgain {
                node: n1,
                candidate: n2,
                first,
                term: 3,
            });
        }
        for to in [4, 6] {
            all.push(CommittedCountingKept {
                node: n2,
                index: 6,
                term: 3,
                follower: n1,
                other: n3,
                from: 4,
                to,
            });
            for had_from in [n3, n1] {
                all.push(KeptEntries {
                    node: n1,
                    leader: n2,
                    had_from,
                    from: 4,
                    to,
                    term: 3,
                });
            }
        }
        for noop in [true, false] {
            all.push(BecameLeader {
                node: n1,
                term: 3,
                noop,
            });
        }
        all.push(Follows {
            node: n1,
            leader: n2,
            term: 3,
        });
        for why in [
            StepDownCause::HigherTerm { from: n2 },
            StepDownCause::LostQuorum,
            StepDownCause::SameTermLeader { from: n2 },
        ] {
            all.push(SteppedDown {
                node: n1,
                term: 3,
                why,
            });
        }
        for entry_term in [Some(3), Some(2), None] {
            all.push(Committed {
                node: n1,
                index: 7,
                term: 3,
                entry_term,
            });
        }
        for op in ops.iter().cloned().map(Some).chain([None]) {
            all.push(Appended {
                node: n1,
                index: 7,
                term: 3,
                client: 1,
                op,
            });
        }
        for op in &ops {
            for why in [SendCause::New, SendCause::Retry, SendCause::Redirect] {
                all.push(ClientSent {
                    client: 1,
                    server: n1,
                    op: op.clone(),
                    why,
                });
            }
        }
        let replies = [
            Reply {
                ok: true,
                value: Some("1".into()),
            },
            Reply {
                ok: false,
                value: Some("5".into()),
            },
            Reply {
                ok: false,
                value: None,
            },
        ];
        for op in ops.iter().cloned().map(Some).chain([None]) {
            for reply in &replies {
                // Every way a read can be served, so each of its words is checked.
                let ways = [
                    None,
                    Some(ReadWay::Log),
                    Some(ReadWay::ReadIndex),
                    Some(ReadWay::Lease),
                    Some(ReadWay::OwnState),
                ];
                for read in ways {
                    all.push(Answered {
                        server: n1,
                        client: 1,
                        op: op.clone(),
                        answer: Answer::Done(reply.clone()),
                        read,
                    });
                }
            }
        }
        for hint in [Some(n2), None] {
            all.push(Answered {
                server: n1,
                client: 1,
                op: Some(put.clone()),
                answer: Answer::NotLeader { hint },
                read: None,
            });
        }
        all.push(Answered {
            server: n1,
            client: 1,
            op: Some(put.clone()),
            answer: Answer::HandingOver,
            read: None,
        });
        for conflict_term in [None, Some(1)] {
            all.push(AppendRejected {
                node: n1,
                leader: n2,
                prev_index: 25,
                conflict_index: 5,
                conflict_term,
            });
        }
        for entries in [0, 1, 16] {
            all.push(BackedUp {
                leader: n1,
                follower: n2,
                next_index: 5,
                entries,
            });
        }
        for (from, to, repeated, committed) in [
            (2, 17, 0, false),
            (2, 2, 0, true),
            (2, 2, 0, false),
            (9, 17, 1, false),
            (9, 17, 3, false),
            (9, 9, 1, true),
        ] {
            all.push(AcceptedEntries {
                node: n1,
                leader: n2,
                from,
                to,
                repeated,
                max_batch: 16,
                committed,
            });
        }
        for why in [
            RefusalCause::AlreadyVoted { for_whom: n3 },
            RefusalCause::LogBehind {
                candidate: (4, 2),
                voter: (5, 3),
            },
            RefusalCause::StaleTerm { asked: 2 },
        ] {
            all.push(Refused {
                node: n1,
                candidate: n2,
                term: 3,
                why,
            });
        }
        all.push(GaveUp {
            node: n1,
            term: 3,
            from: n2,
        });
        all.push(AdoptedTerm {
            node: n1,
            leader: n2,
            was: 1,
            term: 3,
        });
        for lease in [false, true] {
            all.push(ConfirmingRead {
                leader: n1,
                client: 2,
                index: 4,
                lease,
            });
        }
        all.push(TransferStarted {
            leader: n1,
            target: n2,
        });
        all.extend([
            Crashed(n1),
            LostWrite {
                node: n1,
                term: (5, 4),
                vote: None,
                entries: (7, 6),
                answered: false,
            },
            LostWrite {
                node: n1,
                term: (5, 5),
                vote: None,
                entries: (2, 1),
                answered: true,
            },
            LostWrite {
                node: n1,
                term: (5, 5),
                vote: Some(n2),
                entries: (7, 7),
                answered: false,
            },
            Restarted(n1),
            Cut(n1, n2),
            Healed(n1, n2),
            HealedAll,
            Loss(100_000),
        ]);
        for groups in [vec![vec![n1], vec![n2, n3]], vec![vec![n1, n2], vec![n3]]] {
            for healed in [0, 1, 2] {
                all.push(Partitioned {
                    groups: groups.clone(),
                    healed,
                });
            }
        }
        all.push(Partitioned {
            groups: vec![vec![n1, n2], vec![n3, NodeId(3), NodeId(4)]],
            healed: 0,
        });
        all
    }

    #[test]
    fn every_narration_sentence_is_chinese_typeset_and_calls_servers_servers() {
        let report = report(every_happening().iter().map(|h| {
            let zh = sentence(h, Lang::Zh);
            let mut p = chinese_problems(&zh);
            p.extend(raft_problems(&zh));
            (format!("{h:?}\n  {zh}"), p)
        }));
        assert!(report.is_empty(), "{report}");
    }

    /// Every line the quorum store's feed can say, in Chinese: typeset as Chinese, clients
    /// named C1…, and no English words but the protocol's (Quorum) and the keys.
    #[test]
    fn every_store_feed_sentence_is_chinese_typeset() {
        use ringleader::playground::store::feed::StoreHappening::*;
        use ringleader::sim::Duration;
        use ringleader::ui::store_feed::sentence;
        let (n1, n2, n3, c1) = (NodeId(0), NodeId(1), NodeId(2), NodeId(5));
        let put = Op::Put {
            key: "x".into(),
            value: "3".into(),
        };
        let get = Op::Get { key: "x".into() };
        let mut all = Vec::new();
        for op in [&put, &get] {
            for write_back in [false, true] {
                all.push(Called {
                    client: 1,
                    op: op.clone(),
                    nodes: vec![n1, n2, n3],
                    r: 2,
                    w: 2,
                    write_back,
                });
            }
            for writing in [false, true] {
                for (again, stand_ins) in [
                    (vec![n2], vec![]),
                    (vec![], vec![(NodeId(3), n2), (NodeId(4), n3)]),
                    (vec![n1], vec![(NodeId(3), n2)]),
                ] {
                    all.push(AskedAgain {
                        client: 2,
                        op: op.clone(),
                        writing,
                        round: 2,
                        tries: 3,
                        again,
                        stand_ins,
                    });
                }
            }
            for writing in [false, true] {
                all.push(GaveUp {
                    client: 1,
                    op: op.clone(),
                    writing,
                    rounds: 3,
                });
            }
        }
        all.push(Stored {
            client: 1,
            op: put.clone(),
            w: 2,
        });
        for value in [Some("3".to_string()), None] {
            all.push(Returned {
                client: 2,
                op: get.clone(),
                value,
            });
        }
        all.push(Repaired {
            client: 2,
            key: "x".into(),
            nodes: vec![n2, n3],
        });
        all.push(HandedOver {
            node: NodeId(3),
            owner: n2,
            key: "x".into(),
        });
        all.extend([
            Crashed(n1),
            Crashed(c1),
            Restarted(n1),
            CutOff {
                member: c1,
                healed_first: false,
            },
            CutOff {
                member: c1,
                healed_first: true,
            },
            Reconnected(n3),
            Healed,
        ]);
        for healed_first in [false, true] {
            all.push(Partitioned {
                sides: vec![vec![n1, c1], vec![n2, n3]],
                healed_first,
            });
        }
        all.push(Cut(vec![(c1, n2, true), (n1, n3, false)]));
        all.push(HealedLinks(vec![(c1, n2, false)]));
        all.push(Loss { percent: 40 });
        all.push(Latency {
            min: Duration::from_millis(5),
            max: Duration::from_millis(20),
        });
        let report = report(all.iter().map(|h| {
            let zh = sentence(h, 5, Lang::Zh);
            let mut p = chinese_problems(&zh);
            let latin: String = zh
                .replace("Quorum", "")
                .chars()
                .filter(|c| c.is_ascii_alphabetic() && !"xCNWR".contains(*c))
                .collect();
            if !latin.is_empty() {
                p.push(format!("English letters: {latin}"));
            }
            if zh.contains("N6") {
                p.push("a client named as a node".into());
            }
            (format!("{h:?}\n  {zh}"), p)
        }));
        assert!(report.is_empty(), "{report}");
    }

    /// The Lab's refusal of settings too large for the page: Chinese, with the English's figures.
    #[test]
    fn a_lab_run_too_large_for_the_page_is_refused_in_both_languages() {
        use ringleader::lab::{Settings, TooLarge};
        use ringleader::ui::i18n::{restarted_without, too_large};
        let zh = restarted_without(3, Lang::Zh);
        assert!(
            chinese_problems(&zh).is_empty() && zh.contains(" 3 个操作"),
            "{zh}"
        );
        assert!(restarted_without(3, Lang::En).contains("without the 3 actions"));
        assert!(restarted_without(1, Lang::En).contains("without the action you had taken"));
        let s = Settings {
            nodes: 1000,
            keys: 1_000_000,
            trials: 1000,
            seed: 1,
        };
        for too in [
            TooLarge::Trial { keys_max: 10_909 },
            TooLarge::Run { trials_max: 73 },
        ] {
            let (en, zh) = (too_large(too, s, Lang::En), too_large(too, s, Lang::Zh));
            let p = chinese_problems(&zh);
            assert!(p.is_empty(), "{zh}: {p:?}");
            // The same figures, in either order.
            let figures = |t: &str| {
                let mut f: Vec<String> = t
                    .split(|c: char| !(c.is_ascii_digit() || c == ','))
                    .map(|w| w.trim_matches(',').to_string())
                    .filter(|w| !w.is_empty())
                    .collect();
                ringleader::sim::sort::sort(&mut f);
                f
            };
            assert_eq!(figures(&en), figures(&zh), "{en} / {zh}");
        }
        // A setting out of its range (the page's fields keep them in it, so only a page
        // that let one through would say it): in the page's language, with its range.
        use ringleader::lab::OutOfRange;
        use ringleader::ui::i18n::out_of_range;
        for out in [OutOfRange::Nodes, OutOfRange::Keys, OutOfRange::Trials] {
            let (en, zh) = (out_of_range(out, Lang::En), out_of_range(out, Lang::Zh));
            let p = chinese_problems(&zh);
            assert!(p.is_empty(), "{zh}: {p:?}");
            let (lo, hi) = out.range();
            // Grouped as the page groups its counts.
            let hi = match hi {
                1000 => "1,000",
                1_000_000 => "1,000,000",
                other => panic!("a new range: {other}"),
            };
            assert!(en.contains(&format!("{lo} to {hi}")), "{en}");
            assert!(zh.contains(&format!(" {lo} 到 {hi} 之间")), "{zh}");
        }
        assert_eq!(
            OutOfRange::Keys.to_string(),
            "keys must be 100 to 1000000",
            "the command line's words"
        );
    }

    /// A number a field did not take as typed, and a long run's opening: said in both
    /// languages, with the same figures, the Chinese typeset like the rest of the page.
    #[test]
    fn a_number_not_taken_and_a_runs_opening_are_said_in_both_languages() {
        use ringleader::ui::i18n::{adjusted, opening};
        use ringleader::ui::Adjusted;
        let out = |field: &str, kept| Adjusted {
            field: field.into(),
            typed: if kept { "-5".into() } else { "0".into() },
            used: if kept { 150 } else { 10 },
            range: (10, 1000),
            kept,
        };
        let cases = [
            (
                out("Election timeout min (ms)", false),
                out("选举超时下限（毫秒）", false),
            ),
            (
                out("Election timeout min (ms)", true),
                out("选举超时下限（毫秒）", true),
            ),
            (out("", false), out("", false)),
        ];
        for (en, zh) in cases {
            let (en, zh) = (adjusted(&en, Lang::En), adjusted(&zh, Lang::Zh));
            let p = chinese_problems(&zh);
            assert!(p.is_empty(), "{zh}: {p:?}");
            let figures = |t: &str| {
                let mut f: Vec<String> = t
                    .split(|c: char| !(c.is_ascii_digit() || c == '-'))
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect();
                ringleader::sim::sort::sort(&mut f);
                f
            };
            assert_eq!(figures(&en), figures(&zh), "{en} / {zh}");
        }
        assert_eq!(
            adjusted(&out("Election timeout min (ms)", false), Lang::En),
            "Election timeout min (ms): 0 is outside 10 to 1,000, so 10 is used."
        );
        assert_eq!(
            adjusted(&out("选举超时下限（毫秒）", true), Lang::Zh),
            "选举超时下限（毫秒）：“-5”不是非负整数，仍用 150。"
        );
        let (en, zh) = (
            opening(1_753_000, 60_000_000, 42_000, Lang::En),
            opening(1_753_000, 60_000_000, 42_000, Lang::Zh),
        );
        assert_eq!(
            en,
            "Opening the run: 1,753 ms of its 60,000 ms replayed (42,000 events so far)."
        );
        assert_eq!(
            zh,
            "正在打开运行：已重放 60,000 ms 中的 1,753 ms（已处理 42,000 个事件）。"
        );
        assert!(chinese_problems(&zh).is_empty(), "{zh}");
    }

    /// A broken property reads in Chinese with the same figures as in English: every server,
    /// term, index, count and value the checker names, for each kind of finding, typeset and
    /// worded like the rest of the page.
    #[test]
    fn a_broken_property_says_the_same_figures_in_both_languages() {
        use ringleader::check::{Breach, Held, Property, Violation};
        use ringleader::sim::SimTime;
        use ringleader::ui::i18n::violation_text;
        let n = NodeId;
        let reply = |ok, v: Option<&str>| Reply {
            ok,
            value: v.map(str::to_string),
        };
        let (holds, saved) = (
            Held {
                term: 7,
                vote: Some(n(2)),
                entries: 12,
            },
            Held {
                term: 6,
                vote: None,
                entries: 11,
            },
        );
        let breaches = [
            Breach::CrashLostWrite {
                id: n(0),
                holds,
                saved,
            },
            Breach::LeadsUnsavedTerm {
                id: n(0),
                term: 7,
                saved: 6,
            },
            Breach::SentWhileDown {
                id: n(0),
                kind: "AppendEntries",
            },
            Breach::RanWhileDown { id: n(0) },
            Breach::TimerWhileDown { id: n(0) },
            Breach::VotedTwice {
                id: n(0),
                term: 7,
                first: n(1),
                then: n(2),
            },
            Breach::VotedThenSelf {
                id: n(0),
                term: 7,
                first: n(1),
            },
            Breach::VoteChanged {
                id: n(0),
                term: 7,
                first: Some(n(1)),
                then: None,
            },
            Breach::VoteNotRecorded {
                id: n(0),
                to: n(3),
                term: 7,
                holds_term: 6,
                holds_vote: Some(n(1)),
            },
            Breach::WrongReply {
                id: n(0),
                client: n(5),
                seq: 9,
                reply: reply(false, Some("2")),
                expected: Some(reply(true, Some("31"))),
            },
            Breach::WrongReply {
                id: n(0),
                client: n(5),
                seq: 9,
                reply: reply(true, None),
                expected: None,
            },
            Breach::TermWentBack {
                id: n(0),
                from: 7,
                to: 6,
            },
            Breach::CommitPastLog {
                id: n(0),
                applied: 4,
                commit: 13,
                length: 12,
            },
            Breach::TwoLeaders {
                first: n(1),
                second: n(0),
                term: 7,
            },
            Breach::LeaderRewrote {
                id: n(0),
                term: 7,
                from: 12,
            },
            Breach::TermsDecrease {
                id: n(0),
                index: 12,
            },
            Breach::LogsDiverge {
                id: n(0),
                term: 7,
                index: 12,
            },
            Breach::TermAhead { id: n(0), term: 7 },
            Breach::CommittedDiffers {
                id: n(0),
                index: 12,
            },
            Breach::AppliedDiffers {
                id: n(0),
                index: 12,
            },
            Breach::CommittedEarlierTerm {
                id: n(0),
                term: 7,
                index: 12,
            },
            Breach::CommittedOnMinority {
                id: n(0),
                term: 7,
                index: 12,
                holding: 2,
                total: 5,
            },
            Breach::CommittedLost {
                id: n(0),
                index: 12,
            },
            Breach::StateDiffers {
                id: n(0),
                applied: 12,
            },
            Breach::LeaderLacks {
                id: n(0),
                term: 7,
                index: 12,
            },
        ];
        // The figures of a text: server names and numbers, in order of appearance, sorted.
        let figures = |s: &str| {
            let mut out = Vec::new();
            let mut word = String::new();
            for c in s.chars().chain([' ']) {
                if c.is_ascii_alphanumeric() || (c == '.' && !word.is_empty()) {
                    word.push(c);
                } else if !word.is_empty() {
                    let w = word.trim_end_matches('.').to_string();
                    if w.chars().any(|c| c.is_ascii_digit()) {
                        out.push(w);
                    }
                    word.clear();
                }
            }
            ringleader::sim::sort::sort(&mut out);
            out
        };
        let problems = breaches.iter().map(|b| {
            let v = Violation {
                property: Property::CommittedKept,
                nodes: vec![n(0), n(1)],
                event: 41,
                time: SimTime(1_234_500),
                detail: b.clone(),
            };
            let (en, zh) = (violation_text(&v, Lang::En), violation_text(&v, Lang::Zh));
            let mut p = chinese_problems(&zh);
            p.extend(raft_problems(&zh));
            if figures(&en) != figures(&zh) {
                p.push(format!(
                    "figures differ: {en:?} has {:?}, {zh:?} has {:?}",
                    figures(&en),
                    figures(&zh)
                ));
            }
            (format!("{b:?}"), p)
        });
        let report = report(problems);
        assert!(report.is_empty(), "{report}");
    }
}

#[test]
fn store_scenario_titles_and_captions_are_chinese_typeset_worded_by_the_glossary_and_bounded() {
    let mut texts = Vec::new();
    for s in scenario::store::all() {
        texts.push((format!("{} title", s.id), s.title.clone(), MAX_TITLE_CHARS));
        for (i, st) in s.steps.iter().enumerate() {
            texts.push((
                format!("{} step {}", s.id, i + 1),
                st.caption.clone(),
                MAX_CAPTION_CHARS,
            ));
        }
    }
    let report = report(texts.iter().map(|(place, c, max)| {
        let mut p = chinese_problems(&scenario::caption_text(&c.zh, false, false));
        for text in [&c.en, &c.zh] {
            if text.chars().count() > *max {
                p.push(format!("longer than {max} characters"));
            }
        }
        (place.clone(), p)
    }));
    assert!(report.is_empty(), "{report}");
}

#[test]
fn an_embed_leaves_out_what_a_caption_says_of_the_side_panel() {
    let text = "x = 1 waits[[ (hatched)]]; it commits.{{ See the History tab.}}";
    assert_eq!(
        scenario::caption_text(text, false, false),
        "x = 1 waits (hatched); it commits. See the History tab."
    );
    assert_eq!(
        scenario::caption_text(text, true, false),
        "x = 1 waits; it commits."
    );
    // An embed that shows the logs keeps what is said of them, not of the tabs.
    assert_eq!(
        scenario::caption_text(text, true, true),
        "x = 1 waits (hatched); it commits."
    );
    // An unclosed mark (a scenario file's typo) stays as written.
    assert_eq!(scenario::caption_text("a [[b", true, false), "a [[b");
    assert_eq!(scenario::caption_text("a [[b]] [[c", true, false), "a  [[c");
    assert_eq!(scenario::caption_text("a {{b}} {{c", true, true), "a  {{c");
}

#[test]
fn a_caption_never_breaks_a_line_inside_a_short_formula() {
    let nb = |s: &str| s.replace('~', "\u{a0}");
    // Each operator with a space on either side, in both languages' captions.
    assert_eq!(
        scenario::keep_formulas_together("R + W > N, x = 1 and R + W ≤ N"),
        nb("R~+~W~>~N, x~=~1 and R~+~W~≤~N")
    );
    assert_eq!(
        scenario::keep_formulas_together("写入 x = 2；R + W ≤ N 时"),
        nb("写入 x~=~2；R~+~W~≤~N 时")
    );
    // Not an operator between two spaces: left as it is.
    for text in [
        "a - b", "x =1", "x= 1", "a  b", "end =", " = ", "=  =", "a =",
    ] {
        let want = if text == " = " {
            nb("~=~")
        } else {
            text.to_string()
        };
        assert_eq!(scenario::keep_formulas_together(text), want, "{text:?}");
    }
    // Two in a row: each keeps its own spaces, as str::replace did.
    assert_eq!(scenario::keep_formulas_together("a = = b"), nb("a~=~= b"));
}

/// Every caption that speaks of what only the whole page shows (the log panel's hatching, the
/// History tab or the store's history view) marks it, in both languages alike, so an embed,
/// which shows the stage alone, leaves it out.
#[test]
fn captions_mark_what_only_the_whole_page_shows_in_both_languages() {
    // What only the side panel shows (marked [[…]]: an embed with the logs keeps it), and
    // what only the page's tabs show (marked {{…}}: no embed shows it).
    const PANEL_EN: &[&str] = &["hatched", "history view", "log panel"];
    const PANEL_ZH: &[&str] = &["带斜线", "历史视图", "日志面板"];
    const TABS_EN: &[&str] = &["History tab", "Events tab", "side panel"];
    const TABS_ZH: &[&str] = &["标签页", "侧栏"];
    let mut all: Vec<(String, Caption, bool)> = scenario::all()
        .iter()
        .flat_map(|s| {
            captions(s)
                .map(|(place, c)| (place, c.clone(), s.logs))
                .collect::<Vec<_>>()
        })
        .collect();
    for s in scenario::store::all() {
        for (i, st) in s.steps.iter().enumerate() {
            all.push((
                format!("{} step {}", s.id, i + 1),
                st.caption.clone(),
                false,
            ));
        }
    }
    let mut marked = 0;
    for (place, c, logs) in &all {
        let marks = |t: &str| {
            [("[[", "]]"), ("{{", "}}")].map(|(o, e)| (t.matches(o).count(), t.matches(e).count()))
        };
        let (en, zh) = (marks(&c.en), marks(&c.zh));
        for (open, close) in en {
            assert_eq!(open, close, "{place}: unbalanced marks in {}", c.en);
        }
        assert_eq!(en, zh, "{place}: the languages mark differently");
        marked += en[0].0 + en[1].0;
        for (text, panel, tabs) in [(&c.en, PANEL_EN, TABS_EN), (&c.zh, PANEL_ZH, TABS_ZH)] {
            let embed = scenario::caption_text(text, true, *logs);
            let not_shown = tabs.iter().chain(if *logs { &[][..] } else { panel });
            for w in not_shown {
                assert!(
                    !embed.contains(w),
                    "{place}: an embed would show \"{w}\": {embed}"
                );
            }
        }
    }
    assert!(marked >= 7, "{marked} marked parts");
}
