//! Run files and scenario files: what serde writes for a `Run` or a `Scenario` (the page writes
//! run files through serde) reads back as the same value, with `null` or left-out optional
//! fields, older formats get their defaults, and a wrong file is refused with where and why.

use ringleader::raft::{ClientSetup, Input, Load, Op, ReadPath};
use ringleader::scenario::{self, Do, Scenario};
use ringleader::share::file::{run_from_json, scenario_from_json, Why, MAX_FILE_BYTES};
use ringleader::share::{link, KeySpec, Run};
use ringleader::sim::rng::{Rng, Stream};
use ringleader::sim::{Action, Command, Duration, NodeId, SimTime};
use serde_json::Value;

/// A run with every kind of action, input, operation and client setting in its log.
fn every_kind() -> Run {
    let mut run = link::example();
    let n = NodeId;
    let put = Op::Put {
        key: "x".into(),
        value: "1".into(),
    };
    let actions = vec![
        Action::Crash(n(1)),
        Action::Restart(n(1)),
        Action::Pause(n(2)),
        Action::Resume(n(2)),
        Action::Cut {
            from: n(0),
            to: n(1),
        },
        Action::Heal {
            from: n(0),
            to: n(1),
        },
        Action::Partition(vec![vec![n(0)], vec![n(1), n(2)]]),
        Action::HealAll,
        Action::SetLoss { ppm: 200_000 },
        Action::SetDuplication { ppm: 1_000_000 },
        Action::SetLatency {
            min: Duration(1_000),
            max: Duration(9_000),
        },
        Action::SetLinkLoss {
            from: n(3),
            to: n(4),
            ppm: Some(5),
        },
        Action::SetLinkLoss {
            from: n(3),
            to: n(4),
            ppm: None,
        },
        Action::SetLinkLatency {
            from: n(4),
            to: n(3),
            range: None,
        },
        Action::Input(n(0), Input::Timeout),
        Action::Input(n(0), Input::Transfer(n(2))),
        Action::Input(n(0), Input::SetClock(150)),
        Action::Input(n(5), Input::Submit(put.clone())),
        Action::Input(n(5), Input::Submit(Op::Get { key: "y".into() })),
        Action::Input(
            n(5),
            Input::SubmitTo(
                n(2),
                Op::Cas {
                    key: "x".into(),
                    expected: None,
                    new: "é 😀 \"quoted\" \\ \n".into(),
                },
            ),
        ),
        Action::Input(
            n(5),
            Input::Submit(Op::Cas {
                key: "x".into(),
                expected: Some("1".into()),
                new: "2".into(),
            }),
        ),
        Action::Input(n(5), Input::Submit(Op::Delete { key: "x".into() })),
    ];
    let last = run.commands.last().unwrap().at.0;
    for (i, action) in actions.into_iter().enumerate() {
        run.commands.push(Command {
            at: SimTime(last + 1_000 * i as u64),
            action,
        });
    }
    run.cluster.setups = vec![
        ClientSetup {
            read: ReadPath::Lease,
            load: Some(Load {
                read_pct: 70,
                keys: 3,
                think_ms: 250,
            }),
        },
        ClientSetup {
            read: ReadPath::ReadIndex,
            load: None,
        },
    ];
    run.cluster.clients = 2;
    run.cluster.clock_pct = vec![100, 90, 110];
    run.cluster.disk_write_us = 2_000;
    run.cluster.breaks.long_lease = true;
    run.moment.head_us = last + 100_000;
    run.moment.time_us = last;
    assert_eq!(run.validate(), Ok(()));
    run
}

/// `v` without the fields whose value is `null`: what serde-wasm-bindgen and the browser's
/// JSON write for a `None` field of a struct. (A `None` inside a newtype variant,
/// `Do::RingCompare(None)`, would come out as `{}`, which no reader reads; the page writes run
/// files, which have none, and never scenario files.)
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(without_nulls).collect()),
        v => v,
    }
}

#[test]
fn a_run_reads_back_as_written() {
    let run = every_kind();
    let written = serde_json::to_string_pretty(&run).unwrap();
    assert_eq!(run_from_json(&written), Ok(run.clone()));
    let compact =
        serde_json::to_string(&without_nulls(serde_json::to_value(&run).unwrap())).unwrap();
    assert!(!compact.contains("null"));
    assert_eq!(run_from_json(&compact), Ok(run.clone()));
    // Without a scenario, and the ring without a comparison.
    let mut plain = run;
    plain.scenario = None;
    plain.ring.compare = None;
    plain.ring.keys = KeySpec::Named("a\nb".into());
    let written =
        serde_json::to_string(&without_nulls(serde_json::to_value(&plain).unwrap())).unwrap();
    assert_eq!(run_from_json(&written), Ok(plain));
}

/// The page reads the built-in scenarios from `src/scenario/library.jsonl`: the file must be
/// what the library's code writes (`WRITE_LIBRARY=1 cargo test --test files` writes it again).
#[test]
fn the_built_in_scenarios_file_is_what_the_code_writes() {
    let written: String = scenario::in_code()
        .iter()
        .map(|s| {
            serde_json::to_string(&without_nulls(serde_json::to_value(s).unwrap())).unwrap() + "\n"
        })
        .collect();
    if std::env::var_os("WRITE_LIBRARY").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/scenario/library.jsonl");
        std::fs::write(path, &written).unwrap();
    }
    assert!(
        scenario::LIBRARY_FILE == written,
        "src/scenario/library.jsonl is stale: WRITE_LIBRARY=1 cargo test --test files"
    );
    assert_eq!(scenario::from_file(), scenario::in_code());
}

#[test]
fn every_built_in_scenario_reads_back_as_written() {
    let all = scenario::all();
    assert!(all.len() >= 10);
    for s in all {
        let written = serde_json::to_string(&s).unwrap();
        assert_eq!(scenario_from_json(&written).as_ref(), Ok(&s), "{}", s.id);
        let compact =
            serde_json::to_string(&without_nulls(serde_json::to_value(&s).unwrap())).unwrap();
        assert_eq!(scenario_from_json(&compact), Ok(s));
    }
}

#[test]
fn every_kind_of_step_reads_back() {
    let mut s = scenario::all().remove(0);
    let steps: Vec<Do> = vec![
        Do::Act(Action::HealAll),
        Do::CrashLeader,
        Do::CrashFollower,
        Do::RestartCrashed,
        Do::IsolateFollower,
        Do::PartitionLeaderMinority,
        Do::WriteToLeader {
            key: "k".into(),
            value: "v".into(),
        },
        Do::Request {
            client: 1,
            op: Op::Get { key: "k".into() },
        },
        Do::IsolateLeader,
        Do::TransferLeadership,
        Do::Restart(Default::default()),
        Do::RingAdd("N6".into()),
        Do::RingRemove("N6".into()),
        Do::RingDown("N1".into()),
        Do::RingUp("N1".into()),
        Do::RingVnodes(64),
        Do::RingReplicas(2),
        Do::RingAlgorithm("jump".into()),
        Do::RingCompare(Some("mod-n".into())),
        Do::RingCompare(None),
        Do::RingKeys(KeySpec::Uniform { count: 500 }),
    ];
    s.steps[0].actions = steps;
    s.concept = None;
    let written = serde_json::to_string(&s).unwrap();
    let back: Scenario = scenario_from_json(&written).unwrap();
    assert_eq!(back, s);
}

#[test]
fn older_files_get_the_defaults_of_what_they_lack() {
    let run = link::example();
    let mut v = serde_json::to_value(&run).unwrap();
    let cluster = v["cluster"].as_object_mut().unwrap();
    for format_3 in ["disk_write_us", "setups", "clock_pct", "drift_bound_pct"] {
        cluster.remove(format_3).unwrap();
    }
    let breaks = cluster["breaks"].as_object_mut().unwrap();
    for later in [
        "local_reads",
        "unconfirmed_reads",
        "long_lease",
        "lease_ignores_drift",
        "reply_before_write",
    ] {
        breaks.remove(later).unwrap();
    }
    assert_eq!(run_from_json(&v.to_string()), Ok(run));
    // A scenario may leave out its name (the title stands in), concept, cluster, ring, logs,
    // and a step its actions and cue.
    let s = r#"{"id": "mine", "title": {"en": "Mine", "zh": "我的"}, "view": "cluster", "seed": 7,
        "steps": [{"at_ms": 0, "caption": {"en": "Hello", "zh": "你好"}}]}"#;
    let s = scenario_from_json(s).unwrap();
    assert_eq!((s.name.en.as_str(), s.name.zh.as_str()), ("Mine", "我的"));
    assert_eq!(s.concept, None);
    assert_eq!(s.cluster, Default::default());
    assert_eq!(s.ring, Default::default());
    assert!(!s.logs);
    assert_eq!((s.steps[0].actions.len(), s.steps[0].cue), (0, false));
}

/// The reason a run file with `edit` applied to its JSON is refused.
fn refused(edit: impl FnOnce(&mut Value)) -> Why {
    let mut v = serde_json::to_value(every_kind()).unwrap();
    edit(&mut v);
    run_from_json(&v.to_string()).unwrap_err()
}

#[test]
fn a_wrong_file_is_refused_with_where_and_why() {
    let shape = |w: Why| match w {
        Why::Shape { path, shape } if path.is_empty() => shape.to_string(),
        Why::Shape { path, shape } => format!("{path}: {shape}"),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        run_from_json(r#"{"hello": 1}"#),
        Err(Why::Missing("version".into()))
    );
    assert_eq!(
        run_from_json("{\"version\": 3,"),
        // At the end of the text, just after its last character.
        Err(Why::NotJson {
            line: 1,
            column: 15
        })
    );
    assert_eq!(
        run_from_json("[1, 2]").map_err(shape).unwrap_err(),
        "expected an object, found a list"
    );
    assert_eq!(
        run_from_json(&" ".repeat(MAX_FILE_BYTES + 1)),
        Err(Why::TooLarge)
    );
    assert_eq!(
        refused(|v| {
            v["cluster"].as_object_mut().unwrap().remove("servers");
        }),
        Why::Missing("cluster.servers".into())
    );
    assert_eq!(
        refused(|v| {
            v["commands"][44]["action"]["Cut"]
                .as_object_mut()
                .unwrap()
                .remove("to");
        }),
        Why::Missing("commands[44].action.Cut.to".into())
    );
    assert_eq!(
        shape(refused(|v| v["cluster"]["servers"] = 1.5.into())),
        "cluster.servers: 1.5 is not a whole number from 0 to 255"
    );
    // A seed's bound is the one JSON keeps exactly, as the run's check says.
    assert_eq!(
        shape(refused(|v| v["seed"] = 1.5.into())),
        "seed: 1.5 is not a whole number from 0 to 9007199254740991"
    );
    assert_eq!(
        shape(refused(|v| v["seed"] = "42".into())),
        "seed: expected a whole number, found a string"
    );
    assert_eq!(
        shape(refused(|v| v["commands"][40]["action"] = "Crsh".into())),
        "commands[40].action: \"Crsh\" is not one of Crash, Restart, Cut, Heal, Partition, \
         HealAll, SetLoss, SetDuplication, SetLatency, SetLinkLoss, SetLinkLatency, Input, \
         Pause, Resume"
    );
    assert_eq!(
        shape(refused(
            |v| v["commands"][57]["action"]["Input"][1]["Submit"]["Put"]["key"] = 5.into()
        )),
        "commands[57].action.Input[1].Submit.Put.key: expected a string, found a number"
    );
    assert_eq!(
        shape(refused(
            |v| v["ring"]["members"][0] = serde_json::json!(["N1", 100])
        )),
        "ring.members[0]: expected a list of 3, found 2 values"
    );
    assert_eq!(
        shape(refused(
            |v| v["commands"][47]["action"] = serde_json::json!({"HealAll": 1})
        )),
        "commands[47].action.HealAll: expected no value, found a number"
    );
    // Read, then refused by the run's own checks.
    assert!(matches!(
        refused(|v| v["cluster"]["servers"] = 40.into()),
        Why::Run(_)
    ));
}

/// Random damage to a run file's text: the reader never panics, and what it accepts is a
/// valid run.
#[test]
fn damaged_files_never_panic() {
    let text = serde_json::to_string(&every_kind()).unwrap();
    let bytes = text.as_bytes();
    let mut rng = Rng::new(11, Stream::Workload);
    let mut accepted = 0;
    for _ in 0..3_000 {
        let mut b = bytes.to_vec();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(b.len() as u64) as usize;
            match rng.below(4) {
                0 => b[i] = b"{}[],:\"0123456789-.eE nulltrue\\"[rng.below(31) as usize],
                1 => {
                    b.remove(i);
                }
                2 => b.truncate(i),
                _ => b.insert(i, b"{[\"1-e"[rng.below(6) as usize]),
            }
        }
        let Ok(text) = String::from_utf8(b) else {
            continue;
        };
        if let Ok(run) = run_from_json(&text) {
            assert_eq!(run.validate(), Ok(()));
            accepted += 1;
        }
    }
    // Some edits land in a string or a digit and still make a valid run.
    assert!(accepted > 0);
}

#[test]
fn a_wrong_scenario_file_says_where() {
    let mut v = serde_json::to_value(scenario::all().remove(0)).unwrap();
    v["steps"][2]["actions"] = serde_json::json!(["CrashLeadr"]);
    let Err(Why::Shape { path, shape }) = scenario_from_json(&v.to_string()) else {
        panic!("refused as another shape");
    };
    let detail = format!("{path}: {shape}");
    assert!(
        detail.starts_with("steps[2].actions[0]: \"CrashLeadr\" is not one of Act, CrashLeader,"),
        "{detail}"
    );
}
