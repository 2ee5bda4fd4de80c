//! The trace of a run as JSON, for anyone who wants to analyse a run outside the page: one
//! object per event with its time, cause, node, the messages it sent and the view after it.

use super::Playground;
use crate::raft::{ActorView, Input, Op, Timer};
use crate::sim::{Action, Cause, DropReason, NodeId};

/// A JSON string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The run's trace up to the cursor: one object per event with its time, cause, node, the
/// messages it sent (kind, to, fate at send) and the node's view after it. A run longer than
/// the recorded window starts at `first_event`.
pub fn trace_json(pg: &Playground) -> String {
    let sim = pg.sim();
    let events: Vec<String> = pg
        .timeline()
        .trace_to_cursor()
        .iter()
        .map(|ev| {
            let sent: Vec<String> = ev
                .sent
                .iter()
                .map(|m| {
                    format!(
                        "{{\"id\":{},\"kind\":{},\"from\":{},\"to\":{},\"arrives_us\":{},\"lost\":{}}}",
                        m.id.0,
                        quote(m.msg.kind()),
                        m.from.0 + 1,
                        m.to.0 + 1,
                        m.arrives_at.0,
                        m.lost
                    )
                })
                .collect();
            format!(
                "{{\"event\":{},\"time_us\":{},\"node\":{},\"cause\":{},\"sent\":[{}],\"view\":{}}}",
                ev.index,
                ev.time.0,
                ev.node.map_or("null".into(), |n| (n.0 + 1).to_string()),
                quote(&cause_text(&ev.cause)),
                sent.join(","),
                ev.changed.as_ref().map_or("null".into(), view_json)
            )
        })
        .collect();
    format!(
        "{{\"format\":\"ringleader-trace\",\"version\":1,\"seed\":{},\"servers\":{},\"first_event\":{},\"trace_hash\":\"{:016x}\",\"events\":[\n{}\n]}}\n",
        pg.seed(),
        pg.servers(),
        pg.timeline().first_recorded(),
        sim.trace_hash(),
        events.join(",\n")
    )
}

fn node(n: NodeId) -> String {
    n.to_string()
}

/// What caused an event, in words.
fn cause_text(cause: &Cause<Timer, Input>) -> String {
    match cause {
        Cause::Start(n) => format!("start {}", node(*n)),
        Cause::Deliver { msg, from, to } => format!("deliver #{} {} → {}", msg.0, from, to),
        Cause::Drop {
            msg,
            from,
            to,
            reason,
        } => {
            let why = match reason {
                DropReason::Loss => "lost",
                DropReason::LinkCut => "link cut",
                DropReason::NodeDown => "receiver down",
            };
            format!("drop #{} {} → {} ({why})", msg.0, from, to)
        }
        Cause::Timer { node: n, timer } => {
            let which = match timer {
                Timer::Election => "election",
                Timer::Heartbeat => "heartbeat",
                Timer::Disk => "disk write done",
                Timer::ClientRetry => "client retry",
                Timer::ClientNext => "client next",
            };
            format!("{which} timer of {}", node(*n))
        }
        Cause::Command(action) => format!("user: {}", action_text(action)),
    }
}

/// A user action, in words.
pub fn action_text(a: &Action<Input>) -> String {
    let op = |op: &Op| match op {
        Op::Put { key, value } => format!("put {key}={value}"),
        Op::Get { key } => format!("get {key}"),
        Op::Cas { key, new, .. } => format!("cas {key}→{new}"),
        Op::Delete { key } => format!("delete {key}"),
    };
    let ms = |d: crate::sim::Duration| d.to_string();
    match a {
        Action::Crash(n) => format!("crash {n}"),
        Action::Restart(n) => format!("restart {n}"),
        Action::Pause(n) => format!("pause {n}"),
        Action::Resume(n) => format!("resume {n}"),
        Action::Cut { from, to } => format!("cut {from} → {to}"),
        Action::Heal { from, to } => format!("heal {from} → {to}"),
        Action::Partition(groups) => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect();
            format!("partition {}", groups.join(" | "))
        }
        Action::HealAll => "heal all links".into(),
        Action::SetLoss { ppm } => format!("loss {} ppm", ppm),
        Action::SetDuplication { ppm } => format!("duplication {} ppm", ppm),
        Action::SetLatency { min, max } => format!("latency {}–{}", ms(*min), ms(*max)),
        Action::SetLinkLoss { from, to, ppm } => match ppm {
            Some(p) => format!("loss {from} → {to} {p} ppm"),
            None => format!("loss {from} → {to} global"),
        },
        Action::SetLinkLatency { from, to, range } => match range {
            Some((lo, hi)) => format!("latency {from} → {to} {}–{}", ms(*lo), ms(*hi)),
            None => format!("latency {from} → {to} global"),
        },
        Action::Input(n, Input::Timeout) => format!("force timeout {n}"),
        Action::Input(n, Input::SetClock(p)) => format!("{n}'s clock runs at {p} %"),
        Action::Input(n, Input::Transfer(to)) => format!("{n} transfers leadership to {to}"),
        Action::Input(n, Input::Submit(o)) => format!("client {n}: {}", op(o)),
        Action::Input(n, Input::SubmitTo(s, o)) => format!("client {n} via {s}: {}", op(o)),
    }
}

/// A node's view after an event, as a JSON object.
fn view_json(v: &ActorView) -> String {
    let opt = |n: Option<NodeId>| n.map_or("null".into(), |n| quote(&n.to_string()));
    match v {
        ActorView::Server(s) => format!(
            "{{\"role\":{},\"term\":{},\"voted_for\":{},\"leader\":{},\"last_index\":{},\"last_term\":{},\"commit\":{},\"applied\":{}}}",
            quote(s.role.name()),
            s.term,
            opt(s.voted_for),
            opt(s.leader),
            s.last_index,
            s.last_term,
            s.commit_index,
            s.last_applied
        ),
        ActorView::Client(c) => format!(
            "{{\"client_target\":{},\"outstanding\":{},\"completed\":{},\"queued\":{}}}",
            quote(&c.target.to_string()),
            c.outstanding.map_or("null".into(), |s| s.to_string()),
            c.completed,
            c.queued
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::{Intent, NodeCmd};
    use crate::raft::ClusterConfig;

    #[test]
    fn the_trace_export_names_each_cause_and_ends_at_the_cursor() {
        let mut pg = Playground::new(3, ClusterConfig::default());
        pg.apply(Intent::Node(NodeId(1), NodeCmd::Crash));
        pg.apply(Intent::StepForward);
        let json = trace_json(&pg);
        assert!(json.starts_with("{\"format\":\"ringleader-trace\",\"version\":1,\"seed\":3,"));
        assert!(json.contains("\"cause\":\"user: crash N2\""), "{json}");
        let events = json.matches("\"event\":").count() as u64;
        assert_eq!(events, pg.timeline().cursor());
        assert!(json.contains(&format!("{:016x}", pg.sim().trace_hash())));
    }

    #[test]
    fn json_strings_escape_quotes_and_control_characters() {
        assert_eq!(quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }
}
