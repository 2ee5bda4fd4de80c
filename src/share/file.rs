//! Run files and scenario files: JSON in the shape serde writes for `Run` and `Scenario`
//! (the page writes run files through serde), read back by hand with `json.rs`. A file is
//! refused with the reason and the place (`commands[3].action.Cut: missing field to`; the
//! page says `it has no "commands[3].action.Cut.to" field`), never with a panic; defaults
//! fill the fields older formats did not have.

use super::json::{
    self, each, expected, field, field_opt, field_or, item, nullable, object, string, tuple, u16_,
    u32_, u64_, u8_, unit, unknown, variant, within, Bad, Json, Read, Shape, Want, What,
};
use super::{ClusterSpec, KeySpec, Moment, RingSpec, Run, ShareError, ViewSpec};
use crate::raft::{Breaks, ClientSetup, Input, Load, Op, ReadPath};
use crate::scenario::{Caption, Concept, Do, Scenario, Step};
use crate::sim::{Action, Command, Duration, NodeId, SimTime};

/// Files larger than this are refused before they are parsed.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// Why a link or a file could not be used, for the page to say in its language.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    Unreadable,
    /// Not JSON from this line and column on (counted from 1, in characters).
    NotJson {
        line: u32,
        column: u32,
    },
    TooLarge,
    /// A field the file must have is not there (its path: `cluster.servers`).
    Missing(String),
    /// JSON of another shape: where (`steps[0].actions[0]`; empty at the top) and how.
    Shape {
        path: String,
        shape: Shape,
    },
    Run(ShareError),
    /// The scenario's own checks.
    Scenario(crate::scenario::Fault),
}

impl From<Bad> for Why {
    fn from(e: Bad) -> Why {
        match e.what() {
            What::Syntax { line, column } => Why::NotJson {
                line: *line,
                column: *column,
            },
            What::Missing(name) => {
                let path = e.path();
                Why::Missing(if path.is_empty() {
                    (*name).to_string()
                } else {
                    format!("{path}.{name}")
                })
            }
            What::Shape(shape) => Why::Shape {
                path: e.path(),
                shape: shape.clone(),
            },
        }
    }
}

fn parse(text: &str) -> Result<Json, Why> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Why::TooLarge);
    }
    Ok(json::parse(text)?)
}

/// A run file, read and validated.
pub fn run_from_json(text: &str) -> Result<Run, Why> {
    let run = run(&parse(text)?)?;
    run.validate().map_err(Why::Run)?;
    Ok(run)
}

/// A user's scenario file, read and checked before it is played.
pub fn scenario_from_json(text: &str) -> Result<Scenario, Why> {
    let s = scenario(&parse(text)?)?;
    s.validate().map_err(Why::Scenario)?;
    Ok(s)
}

/// A seed: a whole number JSON keeps exactly (the run's check names the same bound).
fn seed(v: &Json) -> Read<u64> {
    json::whole(v, super::MAX_SEED)
}

fn run(v: &Json) -> Read<Run> {
    let o = object(v)?;
    Ok(Run {
        version: field(o, "version", u32_)?,
        seed: field(o, "seed", seed)?,
        cluster: field(o, "cluster", cluster)?,
        commands: field(o, "commands", |v| each(v, command))?,
        moment: field(o, "moment", moment)?,
        view: field(o, "view", view)?,
        ring: field(o, "ring", ring)?,
        scenario: field_opt(o, "scenario", |v| {
            let t = tuple(v, 2)?;
            Ok((item(t, 0, string)?, item(t, 1, u32_)?))
        })?,
    })
}

fn cluster(v: &Json) -> Read<ClusterSpec> {
    let o = object(v)?;
    Ok(ClusterSpec {
        servers: field(o, "servers", u8_)?,
        election_min_us: field(o, "election_min_us", u64_)?,
        election_max_us: field(o, "election_max_us", u64_)?,
        heartbeat_us: field(o, "heartbeat_us", u64_)?,
        pre_vote: field(o, "pre_vote", json::boolean)?,
        check_quorum: field(o, "check_quorum", json::boolean)?,
        breaks: field(o, "breaks", breaks)?,
        latency_min_us: field(o, "latency_min_us", u64_)?,
        latency_max_us: field(o, "latency_max_us", u64_)?,
        loss_ppm: field(o, "loss_ppm", u32_)?,
        duplicate_ppm: field(o, "duplicate_ppm", u32_)?,
        clients: field(o, "clients", u8_)?,
        client_retry_us: field(o, "client_retry_us", u64_)?,
        disk_write_us: field_or(o, "disk_write_us", u64_, || 0)?,
        setups: field_or(o, "setups", |v| each(v, client_setup), Vec::new)?,
        clock_pct: field_or(o, "clock_pct", |v| each(v, u16_), Vec::new)?,
        drift_bound_pct: field_or(o, "drift_bound_pct", u8_, || crate::raft::DRIFT_BOUND_PCT)?,
    })
}

fn breaks(v: &Json) -> Read<Breaks> {
    let o = object(v)?;
    let no = || false;
    Ok(Breaks {
        fixed_timeouts: field(o, "fixed_timeouts", json::boolean)?,
        no_up_to_date_check: field(o, "no_up_to_date_check", json::boolean)?,
        many_votes_per_term: field(o, "many_votes_per_term", json::boolean)?,
        commit_old_terms_by_count: field(o, "commit_old_terms_by_count", json::boolean)?,
        local_reads: field_or(o, "local_reads", json::boolean, no)?,
        unconfirmed_reads: field_or(o, "unconfirmed_reads", json::boolean, no)?,
        long_lease: field_or(o, "long_lease", json::boolean, no)?,
        lease_ignores_drift: field_or(o, "lease_ignores_drift", json::boolean, no)?,
        reply_before_write: field_or(o, "reply_before_write", json::boolean, no)?,
    })
}

fn client_setup(v: &Json) -> Read<ClientSetup> {
    let o = object(v)?;
    Ok(ClientSetup {
        read: field(o, "read", read_path)?,
        load: field_opt(o, "load", |v| {
            let o = object(v)?;
            Ok(Load {
                read_pct: field(o, "read_pct", u8_)?,
                keys: field(o, "keys", u8_)?,
                think_ms: field(o, "think_ms", u32_)?,
            })
        })?,
    })
}

fn read_path(v: &Json) -> Read<ReadPath> {
    let (name, body) = variant(v, &["Log", "ReadIndex", "Lease"])?;
    within(name, unit(body))?;
    Ok(match name {
        "Log" => ReadPath::Log,
        "ReadIndex" => ReadPath::ReadIndex,
        _ => ReadPath::Lease,
    })
}

fn node(v: &Json) -> Read<NodeId> {
    u8_(v).map(NodeId)
}

fn duration(v: &Json) -> Read<Duration> {
    u64_(v).map(Duration)
}

fn command(v: &Json) -> Read<Command<Input>> {
    let o = object(v)?;
    Ok(Command {
        at: field(o, "at", |v| u64_(v).map(SimTime))?,
        action: field(o, "action", action)?,
    })
}

const ACTIONS: &[&str] = &[
    "Crash",
    "Restart",
    "Cut",
    "Heal",
    "Partition",
    "HealAll",
    "SetLoss",
    "SetDuplication",
    "SetLatency",
    "SetLinkLoss",
    "SetLinkLatency",
    "Input",
    "Pause",
    "Resume",
];

fn action(v: &Json) -> Read<Action<Input>> {
    let (name, body) = variant(v, ACTIONS)?;
    within(name, action_body(name, body))
}

/// A link's two ends.
fn ends(o: &[(String, Json)]) -> Read<(NodeId, NodeId)> {
    Ok((field(o, "from", node)?, field(o, "to", node)?))
}

fn action_body(name: &str, v: &Json) -> Read<Action<Input>> {
    Ok(match name {
        "Crash" => Action::Crash(node(v)?),
        "Restart" => Action::Restart(node(v)?),
        "Pause" => Action::Pause(node(v)?),
        "Resume" => Action::Resume(node(v)?),
        "Cut" => {
            let (from, to) = ends(object(v)?)?;
            Action::Cut { from, to }
        }
        "Heal" => {
            let (from, to) = ends(object(v)?)?;
            Action::Heal { from, to }
        }
        "Partition" => Action::Partition(each(v, |g| each(g, node))?),
        "HealAll" => {
            unit(v)?;
            Action::HealAll
        }
        "SetLoss" => Action::SetLoss {
            ppm: field(object(v)?, "ppm", u32_)?,
        },
        "SetDuplication" => Action::SetDuplication {
            ppm: field(object(v)?, "ppm", u32_)?,
        },
        "SetLatency" => {
            let o = object(v)?;
            Action::SetLatency {
                min: field(o, "min", duration)?,
                max: field(o, "max", duration)?,
            }
        }
        "SetLinkLoss" => {
            let o = object(v)?;
            let (from, to) = ends(o)?;
            Action::SetLinkLoss {
                from,
                to,
                ppm: field_opt(o, "ppm", u32_)?,
            }
        }
        "SetLinkLatency" => {
            let o = object(v)?;
            let (from, to) = ends(o)?;
            Action::SetLinkLatency {
                from,
                to,
                range: field_opt(o, "range", |v| {
                    let t = tuple(v, 2)?;
                    Ok((item(t, 0, duration)?, item(t, 1, duration)?))
                })?,
            }
        }
        // "Input"
        _ => {
            let t = tuple(v, 2)?;
            Action::Input(item(t, 0, node)?, item(t, 1, input)?)
        }
    })
}

fn input(v: &Json) -> Read<Input> {
    let names = &["Timeout", "Transfer", "Submit", "SubmitTo", "SetClock"];
    let (name, v) = variant(v, names)?;
    within(
        name,
        match name {
            "Timeout" => unit(v).map(|()| Input::Timeout),
            "Transfer" => node(v).map(Input::Transfer),
            "Submit" => op(v).map(Input::Submit),
            "SubmitTo" => {
                tuple(v, 2).and_then(|t| Ok(Input::SubmitTo(item(t, 0, node)?, item(t, 1, op)?)))
            }
            _ => u16_(v).map(Input::SetClock),
        },
    )
}

fn op(v: &Json) -> Read<Op> {
    let (name, v) = variant(v, &["Put", "Get", "Cas", "Delete"])?;
    let read = |o: &[(String, Json)]| -> Read<Op> {
        let key = field(o, "key", string)?;
        Ok(match name {
            "Put" => Op::Put {
                key,
                value: field(o, "value", string)?,
            },
            "Get" => Op::Get { key },
            "Cas" => Op::Cas {
                key,
                expected: field_opt(o, "expected", string)?,
                new: field(o, "new", string)?,
            },
            _ => Op::Delete { key },
        })
    };
    within(name, object(v).and_then(read))
}

fn moment(v: &Json) -> Read<Moment> {
    let o = object(v)?;
    Ok(Moment {
        events: field(o, "events", u64_)?,
        time_us: field(o, "time_us", u64_)?,
        head_us: field(o, "head_us", u64_)?,
    })
}

fn view(v: &Json) -> Read<ViewSpec> {
    let o = object(v)?;
    Ok(ViewSpec {
        view: field(o, "view", string)?,
        lang: field(o, "lang", string)?,
        theme: field(o, "theme", string)?,
        speed: field(o, "speed", u8_)?,
        paused: field(o, "paused", json::boolean)?,
    })
}

fn ring(v: &Json) -> Read<RingSpec> {
    let o = object(v)?;
    Ok(RingSpec {
        members: field(o, "members", |v| {
            each(v, |m| {
                let t = tuple(m, 3)?;
                Ok((
                    item(t, 0, string)?,
                    item(t, 1, u32_)?,
                    item(t, 2, json::boolean)?,
                ))
            })
        })?,
        algorithm: field(o, "algorithm", string)?,
        compare: field_opt(o, "compare", string)?,
        vnodes: field(o, "vnodes", u32_)?,
        replicas: field(o, "replicas", u32_)?,
        keys: field(o, "keys", keys)?,
    })
}

fn keys(v: &Json) -> Read<KeySpec> {
    let (name, v) = variant(v, &["Uniform", "Hot", "Named"])?;
    within(
        name,
        match name {
            "Uniform" => object(v).and_then(|o| {
                Ok(KeySpec::Uniform {
                    count: field(o, "count", u64_)?,
                })
            }),
            "Hot" => object(v).and_then(|o| {
                Ok(KeySpec::Hot {
                    distinct: field(o, "distinct", u64_)?,
                    count: field(o, "count", u64_)?,
                })
            }),
            _ => string(v).map(KeySpec::Named),
        },
    )
}

fn scenario(v: &Json) -> Read<Scenario> {
    let o = object(v)?;
    let title = field(o, "title", caption)?;
    Ok(Scenario {
        id: field(o, "id", string)?,
        // A file may leave the picker's short name out: the title stands in.
        name: field_or(o, "name", caption, || title.clone())?,
        title,
        concept: field_opt(o, "concept", concept)?,
        view: field(o, "view", string)?,
        seed: field(o, "seed", seed)?,
        cluster: field_or(o, "cluster", cluster, ClusterSpec::default)?,
        ring: field_or(o, "ring", ring, RingSpec::default)?,
        steps: field(o, "steps", |v| each(v, step))?,
        logs: field_or(o, "logs", json::boolean, || false)?,
    })
}

fn caption(v: &Json) -> Read<Caption> {
    let o = object(v)?;
    Ok(Caption {
        en: field(o, "en", string)?,
        zh: field(o, "zh", string)?,
    })
}

fn concept(v: &Json) -> Read<Concept> {
    const NAMES: [&str; 6] = [
        "nodes",
        "network",
        "data-distribution",
        "consistency",
        "fault-tolerance",
        "load-balancing",
    ];
    let Json::Str(name) = v else {
        return expected(Want::Concept, v);
    };
    match NAMES.iter().position(|n| n == name) {
        Some(i) => Ok(Concept::ALL[i]),
        None => unknown(name, &NAMES),
    }
}

fn step(v: &Json) -> Read<Step> {
    let o = object(v)?;
    Ok(Step {
        at_ms: field(o, "at_ms", u64_)?,
        actions: field_or(o, "actions", |v| each(v, step_action), Vec::new)?,
        caption: field(o, "caption", caption)?,
        cue: field_or(o, "cue", json::boolean, || false)?,
    })
}

const DOS: &[&str] = &[
    "Act",
    "CrashLeader",
    "CrashFollower",
    "RestartCrashed",
    "IsolateFollower",
    "PartitionLeaderMinority",
    "WriteToLeader",
    "Request",
    "IsolateLeader",
    "TransferLeadership",
    "Restart",
    "RingAdd",
    "RingRemove",
    "RingDown",
    "RingUp",
    "RingVnodes",
    "RingReplicas",
    "RingAlgorithm",
    "RingCompare",
    "RingKeys",
];

fn step_action(v: &Json) -> Read<Do> {
    let (name, body) = variant(v, DOS)?;
    within(name, do_body(name, body))
}

fn do_body(name: &str, v: &Json) -> Read<Do> {
    Ok(match name {
        "Act" => Do::Act(action(v)?),
        "WriteToLeader" => {
            let o = object(v)?;
            Do::WriteToLeader {
                key: field(o, "key", string)?,
                value: field(o, "value", string)?,
            }
        }
        "Request" => {
            let o = object(v)?;
            Do::Request {
                client: field(o, "client", u8_)?,
                op: field(o, "op", op)?,
            }
        }
        "Restart" => Do::Restart(cluster(v)?),
        "RingAdd" => Do::RingAdd(string(v)?),
        "RingRemove" => Do::RingRemove(string(v)?),
        "RingDown" => Do::RingDown(string(v)?),
        "RingUp" => Do::RingUp(string(v)?),
        "RingVnodes" => Do::RingVnodes(u32_(v)?),
        "RingReplicas" => Do::RingReplicas(u32_(v)?),
        "RingAlgorithm" => Do::RingAlgorithm(string(v)?),
        "RingCompare" => Do::RingCompare(nullable(v, string)?),
        "RingKeys" => Do::RingKeys(keys(v)?),
        unit_name => {
            unit(v)?;
            match unit_name {
                "CrashLeader" => Do::CrashLeader,
                "CrashFollower" => Do::CrashFollower,
                "RestartCrashed" => Do::RestartCrashed,
                "IsolateFollower" => Do::IsolateFollower,
                "PartitionLeaderMinority" => Do::PartitionLeaderMinority,
                "IsolateLeader" => Do::IsolateLeader,
                _ => Do::TransferLeadership,
            }
        }
    })
}
