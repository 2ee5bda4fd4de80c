//! A run as a command line: `ringleader raft` with the cluster's settings and one `--at`
//! per action, so a failure found by a campaign can be replayed (and read) by anyone. The
//! text of an action is `TIME:WHAT`, with the time in milliseconds (a fraction for the
//! microseconds) and nodes numbered from 1, as on the page:
//!
//! ```text
//! crash:N  restart:N  pause:N  resume:N  timeout:N  transfer:N>T
//! cut:A>B  heal:A>B  heal-all  partition:1,2|3,4,5
//! loss:PPM  dup:PPM  latency:LO-HI  link-loss:A>B:PPM|off  link-latency:A>B:LO-HI|off
//! submit:C:OP  submit-to:C>S:OP   with OP one of  put:K=V  get:K  cas:K:OLD>NEW  del:K
//! ```
//! (`-` for an absent value in a compare-and-set; `%XX` escapes a separator in a key or value.)

use super::campaign::RunSpec;
use crate::raft::{Input, Op};
use crate::sim::{Action, Command, Duration, NodeId, SimTime};

fn node(n: NodeId) -> String {
    (u16::from(n.0) + 1).to_string()
}

/// Milliseconds, with the microseconds as a fraction when there are any.
pub fn format_ms(us: u64) -> String {
    if us % 1000 == 0 {
        (us / 1000).to_string()
    } else {
        let frac = format!("{:03}", us % 1000);
        format!("{}.{}", us / 1000, frac.trim_end_matches('0'))
    }
}

pub fn parse_ms(s: &str) -> Result<u64, String> {
    let bad = || format!("'{s}' is not a time in milliseconds");
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 3 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    let frac: u64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<3}").parse().map_err(|_| bad())?
    };
    whole
        .checked_mul(1000)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(bad)
}

const SEPARATORS: &[char] = &['%', ':', '>', '=', '|', ',', '\'', ' ', '-'];

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if SEPARATORS.contains(&c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            let hex: String = chars.by_ref().take(2).collect();
            let code = u32::from_str_radix(&hex, 16).map_err(|_| format!("bad escape in '{s}'"))?;
            out.push(char::from_u32(code).ok_or_else(|| format!("bad escape in '{s}'"))?);
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

fn format_op(op: &Op) -> String {
    match op {
        Op::Put { key, value } => format!("put:{}={}", escape(key), escape(value)),
        Op::Get { key } => format!("get:{}", escape(key)),
        Op::Cas { key, expected, new } => format!(
            "cas:{}:{}>{}",
            escape(key),
            expected.as_deref().map_or("-".into(), escape),
            escape(new)
        ),
        Op::Delete { key } => format!("del:{}", escape(key)),
    }
}

fn parse_op(s: &str) -> Result<Op, String> {
    let (kind, rest) = s
        .split_once(':')
        .ok_or_else(|| format!("'{s}' is not an operation"))?;
    Ok(match kind {
        "put" => {
            let (k, v) = rest
                .split_once('=')
                .ok_or_else(|| format!("'{s}': put:KEY=VALUE"))?;
            Op::Put {
                key: unescape(k)?,
                value: unescape(v)?,
            }
        }
        "get" => Op::Get {
            key: unescape(rest)?,
        },
        "del" => Op::Delete {
            key: unescape(rest)?,
        },
        "cas" => {
            let (k, change) = rest
                .split_once(':')
                .ok_or_else(|| format!("'{s}': cas:KEY:OLD>NEW"))?;
            let (old, new) = change
                .split_once('>')
                .ok_or_else(|| format!("'{s}': cas:KEY:OLD>NEW"))?;
            Op::Cas {
                key: unescape(k)?,
                expected: if old == "-" {
                    None
                } else {
                    Some(unescape(old)?)
                },
                new: unescape(new)?,
            }
        }
        _ => return Err(format!("unknown operation '{kind}'")),
    })
}

fn range(lo: Duration, hi: Duration) -> String {
    format!("{}-{}", format_ms(lo.0), format_ms(hi.0))
}

fn parse_range(s: &str) -> Result<(Duration, Duration), String> {
    let (lo, hi) = s
        .split_once('-')
        .ok_or_else(|| format!("'{s}' is not a range LO-HI"))?;
    Ok((Duration(parse_ms(lo)?), Duration(parse_ms(hi)?)))
}

/// One action as `WHAT` (without its time).
pub fn format_action(a: &Action<Input>) -> String {
    let link = |from: &NodeId, to: &NodeId| format!("{}>{}", node(*from), node(*to));
    match a {
        Action::Crash(n) => format!("crash:{}", node(*n)),
        Action::Restart(n) => format!("restart:{}", node(*n)),
        Action::Pause(n) => format!("pause:{}", node(*n)),
        Action::Resume(n) => format!("resume:{}", node(*n)),
        Action::Cut { from, to } => format!("cut:{}", link(from, to)),
        Action::Heal { from, to } => format!("heal:{}", link(from, to)),
        Action::Partition(groups) => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| g.iter().map(|&n| node(n)).collect::<Vec<_>>().join(","))
                .collect();
            format!("partition:{}", groups.join("|"))
        }
        Action::HealAll => "heal-all".into(),
        Action::SetLoss { ppm } => format!("loss:{ppm}"),
        Action::SetDuplication { ppm } => format!("dup:{ppm}"),
        Action::SetLatency { min, max } => format!("latency:{}", range(*min, *max)),
        Action::SetLinkLoss { from, to, ppm } => format!(
            "link-loss:{}:{}",
            link(from, to),
            ppm.map_or("off".into(), |p| p.to_string())
        ),
        Action::SetLinkLatency { from, to, range: r } => format!(
            "link-latency:{}:{}",
            link(from, to),
            r.map_or("off".into(), |(lo, hi)| range(lo, hi))
        ),
        Action::Input(n, Input::Timeout) => format!("timeout:{}", node(*n)),
        Action::Input(n, Input::SetClock(pct)) => format!("clock:{}:{pct}", node(*n)),
        Action::Input(n, Input::Transfer(t)) => format!("transfer:{}>{}", node(*n), node(*t)),
        Action::Input(n, Input::Submit(op)) => format!("submit:{}:{}", node(*n), format_op(op)),
        Action::Input(n, Input::SubmitTo(s, op)) => {
            format!("submit-to:{}>{}:{}", node(*n), node(*s), format_op(op))
        }
    }
}

/// A command as `TIME:WHAT`.
pub fn format_command(c: &Command<Input>) -> String {
    format!("{}:{}", format_ms(c.at.0), format_action(&c.action))
}

/// Parse `TIME:WHAT` for a network of `nodes` nodes (servers and clients).
pub fn parse_command(s: &str, nodes: u8) -> Result<Command<Input>, String> {
    let (at, what) = s
        .split_once(':')
        .ok_or_else(|| format!("'{s}' is not TIME:ACTION"))?;
    Ok(Command {
        at: SimTime(parse_ms(at)?),
        action: parse_action(what, nodes)?,
    })
}

pub fn parse_action(s: &str, nodes: u8) -> Result<Action<Input>, String> {
    let one = |t: &str| -> Result<NodeId, String> {
        t.parse::<u8>()
            .ok()
            .filter(|&k| k >= 1 && k <= nodes)
            .map(|k| NodeId(k - 1))
            .ok_or_else(|| format!("'{t}' is not a node 1..={nodes} (in '{s}')"))
    };
    let pair = |t: &str| -> Result<(NodeId, NodeId), String> {
        let (a, b) = t
            .split_once('>')
            .ok_or_else(|| format!("'{t}' is not FROM>TO (in '{s}')"))?;
        Ok((one(a)?, one(b)?))
    };
    let ppm = |t: &str| -> Result<u32, String> {
        t.parse::<u32>()
            .ok()
            .filter(|&p| p <= 1_000_000)
            .ok_or_else(|| format!("'{t}' is not parts per million (in '{s}')"))
    };
    let (kind, rest) = s.split_once(':').unwrap_or((s, ""));
    Ok(match kind {
        "crash" => Action::Crash(one(rest)?),
        "restart" => Action::Restart(one(rest)?),
        "pause" => Action::Pause(one(rest)?),
        "resume" => Action::Resume(one(rest)?),
        "timeout" => Action::Input(one(rest)?, Input::Timeout),
        "clock" => {
            let (n, pct) = rest
                .split_once(':')
                .ok_or_else(|| format!("'{s}': clock:SERVER:PERCENT"))?;
            let pct = pct
                .parse::<u16>()
                .ok()
                .filter(|p| crate::share::limits::CLOCK_PCT.contains(p))
                .ok_or_else(|| format!("'{s}': a clock rate of 25 to 400 %"))?;
            Action::Input(one(n)?, Input::SetClock(pct))
        }
        "transfer" => {
            let (a, b) = pair(rest)?;
            Action::Input(a, Input::Transfer(b))
        }
        "cut" => {
            let (from, to) = pair(rest)?;
            Action::Cut { from, to }
        }
        "heal" => {
            let (from, to) = pair(rest)?;
            Action::Heal { from, to }
        }
        "heal-all" => Action::HealAll,
        "partition" => Action::Partition(
            rest.split('|')
                .map(|g| g.split(',').map(one).collect())
                .collect::<Result<_, _>>()?,
        ),
        "loss" => Action::SetLoss { ppm: ppm(rest)? },
        "dup" => Action::SetDuplication { ppm: ppm(rest)? },
        "latency" => {
            let (min, max) = parse_range(rest)?;
            Action::SetLatency { min, max }
        }
        "link-loss" | "link-latency" => {
            let (l, v) = rest
                .rsplit_once(':')
                .ok_or_else(|| format!("'{s}': {kind}:FROM>TO:VALUE"))?;
            let (from, to) = pair(l)?;
            match (kind, v) {
                ("link-loss", "off") => Action::SetLinkLoss {
                    from,
                    to,
                    ppm: None,
                },
                ("link-loss", p) => Action::SetLinkLoss {
                    from,
                    to,
                    ppm: Some(ppm(p)?),
                },
                (_, "off") => Action::SetLinkLatency {
                    from,
                    to,
                    range: None,
                },
                (_, r) => Action::SetLinkLatency {
                    from,
                    to,
                    range: Some(parse_range(r)?),
                },
            }
        }
        "submit" => {
            let (c, op) = rest
                .split_once(':')
                .ok_or_else(|| format!("'{s}': submit:CLIENT:OP"))?;
            Action::Input(one(c)?, Input::Submit(parse_op(op)?))
        }
        "submit-to" => {
            let (cs, op) = rest
                .split_once(':')
                .ok_or_else(|| format!("'{s}': submit-to:CLIENT>SERVER:OP"))?;
            let (c, server) = pair(cs)?;
            Action::Input(c, Input::SubmitTo(server, parse_op(op)?))
        }
        _ => return Err(format!("unknown action '{kind}' (in '{s}')")),
    })
}

/// The arguments of `ringleader raft` that replay `spec` and check it as a campaign does.
pub fn command_args(spec: &RunSpec) -> Vec<String> {
    let c = &spec.cluster;
    let mut args: Vec<String> = vec![
        "raft".into(),
        "--seed".into(),
        spec.seed.to_string(),
        "--nodes".into(),
        c.servers.to_string(),
        "--clients".into(),
        c.clients.to_string(),
        "--workload".into(),
        "none".into(),
        "--latency".into(),
        range(c.net.latency_min, c.net.latency_max),
        "--client-retry-ms".into(),
        format_ms(c.client_retry.0),
    ];
    if c.raft.pre_vote {
        args.push("--pre-vote".into());
    }
    if c.raft.check_quorum {
        args.push("--check-quorum".into());
    }
    for b in crate::raft::Break::ALL {
        if c.raft.breaks.get(b) {
            args.push("--break".into());
            args.push(b.name().into());
        }
    }
    for (i, setup) in c.setups.iter().enumerate() {
        if setup.read != crate::raft::ReadPath::Log {
            args.push("--read".into());
            args.push(format!("{}:{}", i + 1, setup.read.name()));
        }
    }
    for (i, pct) in c.clock_pct.iter().enumerate() {
        if *pct != 100 {
            args.push("--clock".into());
            args.push(format!("{}:{pct}", i + 1));
        }
    }
    if c.raft.disk_write != crate::sim::Duration::ZERO {
        args.push("--disk-ms".into());
        args.push(format_ms(c.raft.disk_write.0));
    }
    if c.raft.drift_bound_pct != crate::raft::DRIFT_BOUND_PCT {
        args.push("--drift-bound".into());
        args.push(c.raft.drift_bound_pct.to_string());
    }
    args.push("--final-heal-ms".into());
    args.push(format_ms(spec.heal_at.0));
    args.push("--until-ms".into());
    args.push(format_ms(spec.limit.0));
    for cmd in &spec.actions {
        args.push("--at".into());
        args.push(format_command(cmd));
    }
    args
}

/// `command_args` as one line for a shell: `ringleader raft ...`, each action quoted.
pub fn command_line(spec: &RunSpec) -> String {
    let mut line = String::from("ringleader");
    for a in command_args(spec) {
        line.push(' ');
        if a.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        {
            line.push_str(&a);
        } else {
            line.push('\'');
            line.push_str(&a);
            line.push('\'');
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raft::Input;

    fn every_kind_of_action() -> Vec<Action<Input>> {
        let (a, b) = (NodeId(0), NodeId(6));
        let op = |i: u8| match i {
            0 => Op::Put {
                key: "a".into(),
                value: "v:1>2=3|4,5-6%".into(),
            },
            1 => Op::Get { key: "b".into() },
            2 => Op::Cas {
                key: "c".into(),
                expected: None,
                new: "x".into(),
            },
            3 => Op::Cas {
                key: "c".into(),
                expected: Some("x".into()),
                new: "y y".into(),
            },
            _ => Op::Delete { key: "d".into() },
        };
        let mut all = vec![
            Action::Crash(a),
            Action::Restart(b),
            Action::Pause(a),
            Action::Resume(a),
            Action::Cut { from: a, to: b },
            Action::Heal { from: b, to: a },
            Action::Partition(vec![vec![a, NodeId(1)], vec![NodeId(2), b]]),
            Action::HealAll,
            Action::SetLoss { ppm: 123_456 },
            Action::SetDuplication { ppm: 1_000_000 },
            Action::SetLatency {
                min: Duration(1_500),
                max: Duration(60_000),
            },
            Action::SetLinkLoss {
                from: a,
                to: b,
                ppm: Some(7),
            },
            Action::SetLinkLoss {
                from: a,
                to: b,
                ppm: None,
            },
            Action::SetLinkLatency {
                from: b,
                to: a,
                range: Some((Duration(0), Duration(900_001))),
            },
            Action::SetLinkLatency {
                from: b,
                to: a,
                range: None,
            },
            Action::Input(a, Input::Timeout),
            Action::Input(a, Input::Transfer(NodeId(4))),
            Action::Input(a, Input::SetClock(60)),
        ];
        for i in 0..5 {
            all.push(Action::Input(b, Input::Submit(op(i))));
            all.push(Action::Input(b, Input::SubmitTo(NodeId(2), op(i))));
        }
        all
    }

    #[test]
    fn every_action_reads_back_as_it_was_written() {
        for (i, action) in every_kind_of_action().into_iter().enumerate() {
            let cmd = Command {
                at: SimTime(1_000_000 + i as u64 * 1_234),
                action,
            };
            let text = format_command(&cmd);
            assert_eq!(parse_command(&text, 7), Ok(cmd), "{text}");
        }
    }

    #[test]
    fn times_keep_every_microsecond() {
        for us in [0, 1, 999, 1_000, 1_001, 123_456_789] {
            assert_eq!(parse_ms(&format_ms(us)), Ok(us));
        }
        assert_eq!(format_ms(1_500), "1.5");
        assert!(parse_ms("1.2345").is_err());
        assert!(parse_ms("x").is_err());
    }

    #[test]
    fn bad_actions_are_refused_with_a_reason() {
        for bad in [
            "crash:0",
            "crash:8",
            "cut:1",
            "loss:2000000",
            "submit:7:frob:a",
            "teleport:1",
        ] {
            assert!(parse_action(bad, 7).is_err(), "{bad}");
        }
    }
}
