//! The share link: `2.` (the format version) then base64url of an LZ77-compressed binary
//! record with a checksum. Every integer is a LEB128 varint and every time a delta from the
//! previous one, so a long lecture's command log stays a few hundred characters.
//!
//! The decoder trusts nothing: every length is bounded, every read checked, every value
//! validated (`Run::validate`) before use.

use super::{ClusterSpec, KeySpec, Moment, RingSpec, Run, ShareError, StoreRun, ViewSpec, VERSION};
use crate::quorum::QInput;
use crate::raft::{Break, Breaks, ClientSetup, Input, Load, Op, ReadPath};
use crate::sim::hash::StableHasher;
use crate::sim::{Action, Command, Duration, NodeId, Rng, SimTime, Stream};

/// Decompressed records at most (a full run is far smaller).
const MAX_RAW: usize = 4 << 20;
/// Link text at most, in characters.
pub const MAX_LINK: usize = 2 << 20;
const MAX_STRING: usize = 200_000;
const MAX_ITEMS: u64 = 100_000;

/// Encode a run as link text (without the `#run=` prefix), in the current format whatever
/// format the run was read from.
pub fn encode(run: &Run) -> String {
    encode_in(run, VERSION)
}

fn encode_in(run: &Run, version: u32) -> String {
    let mut w = Writer(Vec::new());
    write_run(&mut w, run, version);
    frame(w.0, version)
}

/// `version.` then the payload with its checksum, compressed, in base64url.
fn frame(payload: Vec<u8>, version: u32) -> String {
    let mut framed = Vec::with_capacity(payload.len() + 4);
    framed.extend_from_slice(&checksum(&payload).to_le_bytes());
    framed.extend_from_slice(&payload);
    format!("{version}.{}", base64url(&compress(&framed)))
}

/// Decode link text, validating it fully.
pub fn decode(text: &str) -> Result<Run, ShareError> {
    let (version, payload) = unframe(text, VERSION)?;
    let mut r = Reader {
        buf: &payload,
        pos: 0,
    };
    let run = read_run(&mut r, version)?;
    if r.pos != payload.len() {
        return Err(ShareError::Damaged);
    }
    run.validate()?;
    Ok(run)
}

/// The format version and the checked payload of link text.
fn unframe(text: &str, newest: u32) -> Result<(u32, Vec<u8>), ShareError> {
    let text = text.trim();
    if text.len() > MAX_LINK {
        return Err(ShareError::TooLarge);
    }
    let (version, body) = text.split_once('.').ok_or(ShareError::NotALink)?;
    let version: u32 = version.parse().map_err(|_| ShareError::NotALink)?;
    if version > newest {
        return Err(ShareError::FutureVersion {
            found: version,
            newest,
        });
    }
    // The body ends where base64url's alphabet does: a link pasted into a sentence or into
    // Markdown picks up a ")", "." or an encoded space ("%20"), which is not the run's.
    let body = body
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .next()
        .filter(|b| !b.is_empty())
        .ok_or(ShareError::NotALink)?;
    if version == 0 {
        return Err(ShareError::NotALink);
    }
    let framed = decompress(&unbase64url(body)?)?;
    if framed.len() < 4 {
        return Err(ShareError::Truncated);
    }
    let (sum, payload) = framed.split_at(4);
    if u32::from_le_bytes([sum[0], sum[1], sum[2], sum[3]]) != checksum(payload) {
        return Err(ShareError::Damaged);
    }
    Ok((version, payload.to_vec()))
}

fn checksum(bytes: &[u8]) -> u32 {
    StableHasher::of(bytes) as u32
}

// ---- Binary record ----

struct Writer(Vec<u8>);

impl Writer {
    fn u(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    fn b(&mut self, v: bool) {
        self.0.push(u8::from(v));
    }
    fn s(&mut self, v: &str) {
        self.u(v.len() as u64);
        self.0.extend_from_slice(v.as_bytes());
    }
    fn opt_u(&mut self, v: Option<u64>) {
        match v {
            None => self.u(0),
            Some(x) => self.u(x + 1),
        }
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, ShareError> {
        let b = *self.buf.get(self.pos).ok_or(ShareError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }
    fn u(&mut self) -> Result<u64, ShareError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ShareError::Damaged)
    }
    fn u32(&mut self) -> Result<u32, ShareError> {
        u32::try_from(self.u()?).map_err(|_| ShareError::Damaged)
    }
    fn u16(&mut self) -> Result<u16, ShareError> {
        u16::try_from(self.u()?).map_err(|_| ShareError::Damaged)
    }
    fn u8(&mut self) -> Result<u8, ShareError> {
        u8::try_from(self.u()?).map_err(|_| ShareError::Damaged)
    }
    fn b(&mut self) -> Result<bool, ShareError> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(ShareError::Damaged),
        }
    }
    fn s(&mut self) -> Result<String, ShareError> {
        let len = self.u()? as usize;
        if len > MAX_STRING {
            return Err(ShareError::TooLarge);
        }
        let end = self.pos.checked_add(len).ok_or(ShareError::Damaged)?;
        let bytes = self.buf.get(self.pos..end).ok_or(ShareError::Truncated)?;
        self.pos = end;
        String::from_utf8(bytes.to_vec()).map_err(|_| ShareError::Damaged)
    }
    fn opt_u(&mut self) -> Result<Option<u64>, ShareError> {
        Ok(match self.u()? {
            0 => None,
            x => Some(x - 1),
        })
    }
    fn count(&mut self) -> Result<u64, ShareError> {
        let n = self.u()?;
        if n > MAX_ITEMS {
            return Err(ShareError::TooLarge);
        }
        Ok(n)
    }
    fn node(&mut self) -> Result<NodeId, ShareError> {
        Ok(NodeId(self.u8()?))
    }
}

fn write_run(w: &mut Writer, run: &Run, version: u32) {
    w.u(run.seed);
    let c = &run.cluster;
    w.u(u64::from(c.servers));
    w.u(c.election_min_us);
    w.u(c.election_max_us);
    w.u(c.heartbeat_us);
    w.b(c.pre_vote);
    w.b(c.check_quorum);
    // One bit per switch, in `Break::ALL` order.
    w.u(Break::ALL
        .iter()
        .enumerate()
        .fold(0, |acc, (i, &b)| acc | (u64::from(c.breaks.get(b)) << i)));
    w.u(c.latency_min_us);
    w.u(c.latency_max_us);
    w.u(u64::from(c.loss_ppm));
    w.u(u64::from(c.duplicate_ppm));
    w.u(u64::from(c.clients));
    w.u(c.client_retry_us);
    if version >= 2 {
        w.u(c.disk_write_us);
    }
    if version >= 3 {
        w.u(c.setups.len() as u64);
        for setup in &c.setups {
            let path = ReadPath::ALL
                .iter()
                .position(|&p| p == setup.read)
                .unwrap_or(0);
            w.u(path as u64);
            write_load(w, setup.load);
        }
        w.u(c.clock_pct.len() as u64);
        for &pct in &c.clock_pct {
            w.u(u64::from(pct));
        }
        w.u(u64::from(c.drift_bound_pct));
    }
    w.u(run.commands.len() as u64);
    let mut last = 0;
    for cmd in &run.commands {
        w.u(cmd.at.0.saturating_sub(last));
        last = cmd.at.0;
        write_action(w, &cmd.action);
    }
    w.u(run.moment.head_us);
    w.u(run.moment.head_us - run.moment.time_us.min(run.moment.head_us));
    w.u(run.moment.events);
    let v = &run.view;
    w.s(&v.view);
    w.s(&v.lang);
    w.s(&v.theme);
    w.u(u64::from(v.speed));
    w.b(v.paused);
    let ring = &run.ring;
    w.u(ring.members.len() as u64);
    for (name, weight, up) in &ring.members {
        w.s(name);
        w.u(u64::from(*weight));
        w.b(*up);
    }
    w.s(&ring.algorithm);
    w.s(ring.compare.as_deref().unwrap_or(""));
    w.u(u64::from(ring.vnodes));
    w.u(u64::from(ring.replicas));
    match &ring.keys {
        KeySpec::Uniform { count } => {
            w.u(0);
            w.u(*count);
        }
        KeySpec::Hot { distinct, count } => {
            w.u(1);
            w.u(*distinct);
            w.u(*count);
        }
        KeySpec::Named(text) => {
            w.u(2);
            w.s(text);
        }
    }
    match &run.scenario {
        None => w.s(""),
        Some((id, cue)) => {
            w.s(id);
            w.u(u64::from(*cue));
        }
    }
}

fn read_run(r: &mut Reader<'_>, version: u32) -> Result<Run, ShareError> {
    let seed = r.u()?;
    let servers = r.u8()?;
    let (election_min_us, election_max_us, heartbeat_us) = (r.u()?, r.u()?, r.u()?);
    let (pre_vote, check_quorum) = (r.b()?, r.b()?);
    let bits = r.u()?;
    if bits >> Break::ALL.len() != 0 {
        return Err(ShareError::Damaged);
    }
    let mut breaks = Breaks::default();
    for (i, &b) in Break::ALL.iter().enumerate() {
        breaks.set(b, bits & (1 << i) != 0);
    }
    let cluster = ClusterSpec {
        servers,
        election_min_us,
        election_max_us,
        heartbeat_us,
        pre_vote,
        check_quorum,
        breaks,
        latency_min_us: r.u()?,
        latency_max_us: r.u()?,
        loss_ppm: r.u32()?,
        duplicate_ppm: r.u32()?,
        clients: r.u8()?,
        client_retry_us: r.u()?,
        // Format 1 had no disk: writes took no time.
        disk_write_us: if version >= 2 { r.u()? } else { 0 },
        setups: Vec::new(),
        clock_pct: Vec::new(),
        drift_bound_pct: crate::raft::DRIFT_BOUND_PCT,
    };
    let mut cluster = cluster;
    if version >= 3 {
        // Formats 1 and 2: every client read through the log; clocks kept perfect time.
        for _ in 0..r.count()? {
            let read = *ReadPath::ALL
                .get(r.u()? as usize)
                .ok_or(ShareError::Damaged)?;
            let load = read_load(r)?;
            cluster.setups.push(ClientSetup { read, load });
        }
        for _ in 0..r.count()? {
            cluster.clock_pct.push(r.u16()?);
        }
        cluster.drift_bound_pct = r.u8()?;
    }
    let n = r.count()?;
    let mut commands = Vec::new();
    let mut at = 0u64;
    for _ in 0..n {
        at = at.checked_add(r.u()?).ok_or(ShareError::Damaged)?;
        commands.push(Command {
            at: SimTime(at),
            action: read_action(r)?,
        });
    }
    let head_us = r.u()?;
    let back = r.u()?;
    let moment = Moment {
        head_us,
        time_us: head_us.checked_sub(back).ok_or(ShareError::Damaged)?,
        events: r.u()?,
    };
    let view = ViewSpec {
        view: r.s()?,
        lang: r.s()?,
        theme: r.s()?,
        speed: r.u8()?,
        paused: r.b()?,
    };
    let members = (0..r.count()?)
        .map(|_| Ok((r.s()?, r.u32()?, r.b()?)))
        .collect::<Result<Vec<_>, ShareError>>()?;
    let algorithm = r.s()?;
    let compare = Some(r.s()?).filter(|s| !s.is_empty());
    let (vnodes, replicas) = (r.u32()?, r.u32()?);
    let keys = match r.u()? {
        0 => KeySpec::Uniform { count: r.u()? },
        1 => KeySpec::Hot {
            distinct: r.u()?,
            count: r.u()?,
        },
        2 => KeySpec::Named(r.s()?),
        _ => return Err(ShareError::Damaged),
    };
    let scenario = match r.s()? {
        id if id.is_empty() => None,
        id => Some((id, r.u32()?)),
    };
    Ok(Run {
        version,
        seed,
        cluster,
        commands,
        moment,
        view,
        ring: RingSpec {
            members,
            algorithm,
            compare,
            vnodes,
            replicas,
            keys,
        },
        scenario,
    })
}

fn write_op(w: &mut Writer, op: &Op) {
    match op {
        Op::Put { key, value } => {
            w.u(0);
            w.s(key);
            w.s(value);
        }
        Op::Get { key } => {
            w.u(1);
            w.s(key);
        }
        Op::Cas { key, expected, new } => {
            w.u(2);
            w.s(key);
            match expected {
                None => w.b(false),
                Some(e) => {
                    w.b(true);
                    w.s(e);
                }
            }
            w.s(new);
        }
        Op::Delete { key } => {
            w.u(3);
            w.s(key);
        }
    }
}

fn read_op(r: &mut Reader<'_>) -> Result<Op, ShareError> {
    Ok(match r.u()? {
        0 => Op::Put {
            key: r.s()?,
            value: r.s()?,
        },
        1 => Op::Get { key: r.s()? },
        2 => Op::Cas {
            key: r.s()?,
            expected: if r.b()? { Some(r.s()?) } else { None },
            new: r.s()?,
        },
        3 => Op::Delete { key: r.s()? },
        _ => return Err(ShareError::Damaged),
    })
}

fn write_action(w: &mut Writer, a: &Action<Input>) {
    let pair = |w: &mut Writer, tag: u64, from: NodeId, to: NodeId| {
        w.u(tag);
        w.u(u64::from(from.0));
        w.u(u64::from(to.0));
    };
    match a {
        Action::Crash(n) => {
            w.u(0);
            w.u(u64::from(n.0));
        }
        Action::Restart(n) => {
            w.u(1);
            w.u(u64::from(n.0));
        }
        Action::Pause(n) => {
            w.u(12);
            w.u(u64::from(n.0));
        }
        Action::Resume(n) => {
            w.u(13);
            w.u(u64::from(n.0));
        }
        Action::Cut { from, to } => pair(w, 2, *from, *to),
        Action::Heal { from, to } => pair(w, 3, *from, *to),
        Action::Partition(groups) => {
            w.u(4);
            w.u(groups.len() as u64);
            for g in groups {
                w.u(g.len() as u64);
                for n in g {
                    w.u(u64::from(n.0));
                }
            }
        }
        Action::HealAll => w.u(5),
        Action::SetLoss { ppm } => {
            w.u(6);
            w.u(u64::from(*ppm));
        }
        Action::SetDuplication { ppm } => {
            w.u(7);
            w.u(u64::from(*ppm));
        }
        Action::SetLatency { min, max } => {
            w.u(8);
            w.u(min.0);
            w.u(max.0);
        }
        Action::SetLinkLoss { from, to, ppm } => {
            pair(w, 9, *from, *to);
            w.opt_u(ppm.map(u64::from));
        }
        Action::SetLinkLatency { from, to, range } => {
            pair(w, 10, *from, *to);
            match range {
                None => w.b(false),
                Some((lo, hi)) => {
                    w.b(true);
                    w.u(lo.0);
                    w.u(hi.0);
                }
            }
        }
        Action::Input(n, input) => {
            w.u(11);
            w.u(u64::from(n.0));
            match input {
                Input::Timeout => w.u(0),
                Input::Transfer(t) => {
                    w.u(1);
                    w.u(u64::from(t.0));
                }
                Input::Submit(op) => {
                    w.u(2);
                    write_op(w, op);
                }
                Input::SetClock(pct) => {
                    w.u(4);
                    w.u(u64::from(*pct));
                }
                Input::SubmitTo(t, op) => {
                    w.u(3);
                    w.u(u64::from(t.0));
                    write_op(w, op);
                }
            }
        }
    }
}

fn read_action(r: &mut Reader<'_>) -> Result<Action<Input>, ShareError> {
    Ok(match r.u()? {
        0 => Action::Crash(r.node()?),
        1 => Action::Restart(r.node()?),
        2 => Action::Cut {
            from: r.node()?,
            to: r.node()?,
        },
        3 => Action::Heal {
            from: r.node()?,
            to: r.node()?,
        },
        4 => {
            let groups = (0..r.count()?)
                .map(|_| (0..r.count()?).map(|_| r.node()).collect())
                .collect::<Result<Vec<Vec<NodeId>>, ShareError>>()?;
            Action::Partition(groups)
        }
        5 => Action::HealAll,
        6 => Action::SetLoss { ppm: r.u32()? },
        7 => Action::SetDuplication { ppm: r.u32()? },
        8 => Action::SetLatency {
            min: Duration(r.u()?),
            max: Duration(r.u()?),
        },
        9 => Action::SetLinkLoss {
            from: r.node()?,
            to: r.node()?,
            ppm: r
                .opt_u()?
                .map(|p| u32::try_from(p).map_err(|_| ShareError::Damaged))
                .transpose()?,
        },
        10 => Action::SetLinkLatency {
            from: r.node()?,
            to: r.node()?,
            range: if r.b()? {
                Some((Duration(r.u()?), Duration(r.u()?)))
            } else {
                None
            },
        },
        11 => {
            let n = r.node()?;
            let input = match r.u()? {
                0 => Input::Timeout,
                1 => Input::Transfer(r.node()?),
                2 => Input::Submit(read_op(r)?),
                3 => Input::SubmitTo(r.node()?, read_op(r)?),
                4 => Input::SetClock(r.u16()?),
                _ => return Err(ShareError::Damaged),
            };
            Action::Input(n, input)
        }
        12 => Action::Pause(r.node()?),
        13 => Action::Resume(r.node()?),
        _ => return Err(ShareError::Damaged),
    })
}

// ---- The quorum store's runs ----

/// The format of a store link (`#store=1.…`), counted apart from the cluster's.
pub const STORE_VERSION: u32 = 1;

/// Encode a store run as link text (without the `#store=` prefix).
pub fn encode_store(run: &StoreRun) -> String {
    let mut w = Writer(Vec::new());
    let c = &run.config;
    w.u(run.seed);
    for v in [c.nodes, c.clients, c.n, c.w, c.r, c.tries] {
        w.u(u64::from(v));
    }
    w.b(c.read_repair);
    w.b(c.sloppy);
    w.b(c.write_back);
    w.u(u64::from(c.vnodes));
    w.u(c.net.latency_min.0);
    w.u(c.net.latency_max.0);
    w.u(u64::from(c.net.loss_ppm));
    w.u(u64::from(c.net.duplicate_ppm));
    w.u(c.timeout.0);
    write_load(&mut w, c.load);
    // Absolute times, in the log's order: a scenario schedules its actions ahead of the
    // page's, so the log is not in time order.
    w.u(run.commands.len() as u64);
    for cmd in &run.commands {
        w.u(cmd.at.0);
        write_action(&mut w, &cmd.action.clone().map_input(store_input));
    }
    w.u(run.moment.head_us);
    w.u(run.moment.head_us - run.moment.time_us.min(run.moment.head_us));
    w.u(run.moment.events);
    w.u(u64::from(run.speed));
    w.b(run.paused);
    match &run.scenario {
        None => w.b(false),
        Some((id, cue)) => {
            w.b(true);
            w.s(id);
            w.u(u64::from(*cue));
        }
    }
    frame(w.0, STORE_VERSION)
}

/// What a link's fragment holds, whichever key it came under.
#[derive(Clone, Debug, PartialEq)]
pub enum Linked {
    /// Boxed: a run is larger than a store run.
    Run(Box<Run>),
    Store(StoreRun),
}

/// Decode link text found under `#store=` (`as_store`) or `#run=`. The text carries no kind
/// of its own, and a reader who edits a link by hand may put one under the other's key: when
/// the text is not what its key says but decodes whole, checksum and all, as the other kind,
/// it is that. Otherwise the error is the one its key's kind gives, unless only the other
/// kind read it through to a value out of range: the frame and its checksum are the same for
/// both kinds, so that is what the text is, and its error says what is wrong with it.
pub fn decode_either(text: &str, as_store: bool) -> Result<Linked, ShareError> {
    let run = || decode(text).map(|r| Linked::Run(Box::new(r)));
    let store = || decode_store(text).map(Linked::Store);
    let pick = |own: ShareError, other: ShareError| match (&own, &other) {
        (ShareError::Invalid(_), _) => own,
        (_, ShareError::Invalid(_)) => other,
        _ => own,
    };
    // The other kind is tried only when the key's kind fails.
    if as_store {
        store().or_else(|e| run().map_err(|o| pick(e, o)))
    } else {
        run().or_else(|e| store().map_err(|o| pick(e, o)))
    }
}

/// Decode a store link, validating it fully.
pub fn decode_store(text: &str) -> Result<StoreRun, ShareError> {
    let (_version, payload) = unframe(text, STORE_VERSION)?;
    let mut r = Reader {
        buf: &payload,
        pos: 0,
    };
    let r = &mut r;
    let seed = r.u()?;
    let mut config = crate::quorum::QuorumConfig {
        nodes: r.u8()?,
        clients: r.u8()?,
        n: r.u8()?,
        w: r.u8()?,
        r: r.u8()?,
        tries: r.u8()?,
        read_repair: r.b()?,
        sloppy: r.b()?,
        write_back: r.b()?,
        vnodes: r.u32()?,
        ..Default::default()
    };
    config.net.latency_min = Duration(r.u()?);
    config.net.latency_max = Duration(r.u()?);
    config.net.loss_ppm = r.u32()?;
    config.net.duplicate_ppm = r.u32()?;
    config.timeout = Duration(r.u()?);
    config.load = read_load(r)?;
    let mut commands = Vec::new();
    for _ in 0..r.count()? {
        let at = SimTime(r.u()?);
        // A store's only input is an operation to submit.
        let action = read_action(r)?
            .try_map_input(|input| match input {
                Input::Submit(op) => Some(QInput::Submit(op)),
                _ => None,
            })
            .ok_or(ShareError::Damaged)?;
        commands.push(Command { at, action });
    }
    let head_us = r.u()?;
    let back = r.u()?;
    let moment = Moment {
        head_us,
        time_us: head_us.checked_sub(back).ok_or(ShareError::Damaged)?,
        events: r.u()?,
    };
    let speed = r.u8()?;
    let paused = r.b()?;
    let scenario = if r.b()? {
        Some((r.s()?, r.u32()?))
    } else {
        None
    };
    if r.pos != payload.len() {
        return Err(ShareError::Damaged);
    }
    let run = StoreRun {
        seed,
        config,
        commands,
        moment,
        speed,
        paused,
        scenario,
    };
    run.validate()?;
    Ok(run)
}

fn write_load(w: &mut Writer, load: Option<Load>) {
    match load {
        None => w.b(false),
        Some(l) => {
            w.b(true);
            w.u(u64::from(l.read_pct));
            w.u(u64::from(l.keys));
            w.u(u64::from(l.think_ms));
        }
    }
}

fn read_load(r: &mut Reader<'_>) -> Result<Option<Load>, ShareError> {
    Ok(if r.b()? {
        Some(Load {
            read_pct: r.u8()?,
            keys: r.u8()?,
            think_ms: r.u32()?,
        })
    } else {
        None
    })
}

fn store_input(input: QInput) -> Input {
    match input {
        QInput::Submit(op) => Input::Submit(op),
    }
}

// ---- LZ77 ----
//
// A stream of (literal count, literals, match length, match offset) groups, all varints; a
// match length of 0 ends the stream. Matches are found with a hash of the next 4 bytes.

const MIN_MATCH: usize = 4;
const WINDOW: usize = 1 << 16;

pub fn compress(input: &[u8]) -> Vec<u8> {
    let mut out = Writer(Vec::new());
    let mut table = vec![usize::MAX; 1 << 12];
    let hash = |b: &[u8]| {
        (u32::from_le_bytes([b[0], b[1], b[2], b[3]]).wrapping_mul(2_654_435_761) >> 20) as usize
    };
    let (mut i, mut literal_start) = (0, 0);
    while i + MIN_MATCH <= input.len() {
        let h = hash(&input[i..]);
        let candidate = table[h];
        table[h] = i;
        if candidate != usize::MAX && i - candidate <= WINDOW {
            let len = input[i..]
                .iter()
                .zip(&input[candidate..])
                .take_while(|(a, b)| a == b)
                .count();
            if len >= MIN_MATCH {
                out.u((i - literal_start) as u64);
                out.0.extend_from_slice(&input[literal_start..i]);
                out.u(len as u64);
                out.u((i - candidate) as u64);
                i += len;
                literal_start = i;
                continue;
            }
        }
        i += 1;
    }
    out.u((input.len() - literal_start) as u64);
    out.0.extend_from_slice(&input[literal_start..]);
    out.u(0);
    out.0
}

pub fn decompress(input: &[u8]) -> Result<Vec<u8>, ShareError> {
    let mut r = Reader { buf: input, pos: 0 };
    let mut out: Vec<u8> = Vec::new();
    loop {
        let literals = r.u()? as usize;
        let end = r.pos.checked_add(literals).ok_or(ShareError::Damaged)?;
        let bytes = input.get(r.pos..end).ok_or(ShareError::Truncated)?;
        if out.len() + bytes.len() > MAX_RAW {
            return Err(ShareError::TooLarge);
        }
        out.extend_from_slice(bytes);
        r.pos = end;
        let len = r.u()? as usize;
        if len == 0 {
            break;
        }
        let offset = r.u()? as usize;
        if offset == 0 || offset > out.len() || len < MIN_MATCH {
            return Err(ShareError::Damaged);
        }
        if out.len() + len > MAX_RAW {
            return Err(ShareError::TooLarge);
        }
        // Byte by byte: a match may overlap the bytes it produces.
        let start = out.len() - offset;
        for k in 0..len {
            out.push(out[start + k]);
        }
    }
    if r.pos != input.len() {
        return Err(ShareError::Damaged);
    }
    Ok(out)
}

// ---- base64url, no padding ----

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for k in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
        }
    }
    out
}

pub fn unbase64url(text: &str) -> Result<Vec<u8>, ShareError> {
    if text.len() % 4 == 1 {
        return Err(ShareError::Truncated);
    }
    let value = |c: u8| {
        ALPHABET
            .iter()
            .position(|&a| a == c)
            .map(|v| v as u32)
            .ok_or(ShareError::NotALink)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        for k in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    Ok(out)
}

// ---- Fuzzing ----

/// A representative run (40 actions of every kind, the ring in compare mode): the fuzzer's
/// starting point and the tests' example.
pub fn example() -> Run {
    let mut commands = Vec::new();
    for i in 0..40u64 {
        commands.push(Command {
            at: SimTime(1_000_000 + i * 250_000),
            action: match i % 6 {
                0 => Action::Crash(NodeId((i % 5) as u8)),
                1 => Action::Restart(NodeId((i % 5) as u8)),
                2 => Action::Input(
                    NodeId(5),
                    Input::SubmitTo(
                        NodeId(1),
                        Op::Put {
                            key: "x".into(),
                            value: i.to_string(),
                        },
                    ),
                ),
                3 => Action::Partition(vec![
                    vec![NodeId(0), NodeId(1)],
                    vec![NodeId(2), NodeId(3), NodeId(4)],
                ]),
                4 => Action::HealAll,
                _ => Action::SetLinkLatency {
                    from: NodeId(0),
                    to: NodeId(2),
                    range: Some((Duration(5_000), Duration(90_000))),
                },
            },
        });
    }
    Run {
        version: VERSION,
        seed: 42,
        cluster: ClusterSpec::of(&crate::raft::ClusterConfig::default()),
        commands,
        moment: Moment {
            events: 1234,
            time_us: 9_000_000,
            head_us: 12_000_000,
        },
        view: ViewSpec {
            view: "both".into(),
            lang: "zh".into(),
            theme: "dark".into(),
            speed: 4,
            paused: true,
        },
        ring: RingSpec {
            members: (1..=5).map(|i| (format!("N{i}"), 100, i != 3)).collect(),
            algorithm: "ring".into(),
            compare: Some("mod-n".into()),
            vnodes: 100,
            replicas: 2,
            keys: KeySpec::Hot {
                distinct: 200,
                count: 2000,
            },
        },
        scenario: Some(("partition".into(), 2)),
    }
}

/// Fuzz the decoder from `valid`: random edits, truncations, insertions, random text and
/// well-framed random payloads. Returns how many inputs it survived (every one, or this
/// panics); an input that decodes must validate.
pub fn fuzz(seed: u64, inputs: u64, valid: &str) -> u64 {
    let mut rng = Rng::new(seed, Stream::Workload);
    let mut survived = 0;
    for _ in 0..inputs {
        let text = mutate(&mut rng, valid);
        if let Ok(run) = decode(&text) {
            assert_eq!(run.validate(), Ok(()));
        }
        survived += 1;
    }
    survived
}

fn mutate(rng: &mut Rng, valid: &str) -> String {
    let mut chars: Vec<u8> = valid.as_bytes().to_vec();
    match rng.below(5) {
        0 => {
            let i = rng.below(chars.len() as u64) as usize;
            chars[i] = ALPHABET[rng.below(64) as usize];
        }
        1 => chars.truncate(rng.below(chars.len() as u64) as usize),
        2 => {
            let i = rng.below(chars.len() as u64) as usize;
            chars.insert(i, ALPHABET[rng.below(64) as usize]);
        }
        3 => {
            let n = rng.below(200) as usize;
            chars = b"1.".to_vec();
            chars.extend((0..n).map(|_| ALPHABET[rng.below(64) as usize]));
        }
        _ => {
            // A valid frame around random bytes: exercises the record reader itself.
            let n = rng.below(300) as usize;
            let payload: Vec<u8> = (0..n).map(|_| rng.below(256) as u8).collect();
            let mut framed = checksum(&payload).to_le_bytes().to_vec();
            framed.extend_from_slice(&payload);
            return format!("1.{}", base64url(&compress(&framed)));
        }
    }
    String::from_utf8(chars).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut run = example();
        run.validate().unwrap();
        let text = encode(&run);
        assert!(text.starts_with("3."));
        assert_eq!(decode(&text), Ok(run.clone()));
        // Clients' read paths and workloads, clocks and the drift bound travel too.
        run.cluster.clients = 3;
        run.cluster.setups = vec![
            ClientSetup {
                read: ReadPath::Lease,
                load: None,
            },
            ClientSetup {
                read: ReadPath::ReadIndex,
                load: Some(Load {
                    read_pct: 80,
                    keys: 2,
                    think_ms: 250,
                }),
            },
        ];
        run.cluster.clock_pct = vec![50, 100, 200];
        run.cluster.drift_bound_pct = 25;
        run.validate().unwrap();
        assert_eq!(decode(&encode(&run)), Ok(run));
    }

    #[test]
    fn a_link_of_format_2_reads_through_the_log_with_perfect_clocks() {
        let mut run = example();
        run.cluster.setups = vec![ClientSetup {
            read: ReadPath::Lease,
            load: None,
        }];
        run.cluster.clock_pct = vec![50];
        let old = encode_in(&run, 2);
        assert!(old.starts_with("2."));
        let read = decode(&old).unwrap();
        assert!(read.cluster.setups.is_empty());
        assert!(read.cluster.clock_pct.is_empty());
        assert_eq!(read.cluster.drift_bound_pct, crate::raft::DRIFT_BOUND_PCT);
        assert_eq!(read.commands, run.commands);
    }

    #[test]
    fn impossible_client_and_clock_settings_are_refused_with_a_reason() {
        let mut run = example();
        run.cluster.clock_pct = vec![100, 1000];
        let err = decode(&encode(&run)).unwrap_err();
        assert!(err.to_string().contains("clock rate"), "{err}");
        let mut run = example();
        run.cluster.setups = vec![ClientSetup::default(); 3];
        let err = decode(&encode(&run)).unwrap_err();
        assert!(err.to_string().contains("settings for 3 clients"), "{err}");
    }

    #[test]
    fn seeds_and_action_times_are_bounded() {
        let mut run = example();
        run.seed = crate::share::MAX_SEED;
        assert_eq!(decode(&encode(&run)).unwrap().seed, run.seed);
        run.seed += 1;
        let err = decode(&encode(&run)).unwrap_err();
        assert!(
            err.to_string()
                .contains("seed 9007199254740992 (at most 9007199254740991)"),
            "{err}"
        );
        let mut run = example();
        run.commands.last_mut().unwrap().at = SimTime(crate::share::MAX_HEAD.0 + 1);
        let err = decode(&encode(&run)).unwrap_err();
        assert!(err.to_string().contains("after the longest run"), "{err}");
    }

    #[test]
    fn a_link_of_format_1_opens_with_an_instant_disk() {
        let mut run = example();
        run.cluster.disk_write_us = 15_000;
        let old = encode_in(&run, 1);
        assert!(old.starts_with("1."));
        let read = decode(&old).unwrap();
        assert_eq!(read.cluster.disk_write_us, 0);
        assert_eq!(read.commands, run.commands);
        run.cluster.disk_write_us = 0;
        run.version = 1;
        assert_eq!(read, run);
        // Shared again, it is written in the current format.
        assert!(encode(&read).starts_with("3."));
    }

    #[test]
    fn compression_round_trips_and_shrinks_repetitive_data() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i % 7) as u8).collect();
        let packed = compress(&data);
        assert!(packed.len() < data.len() / 20, "{}", packed.len());
        assert_eq!(decompress(&packed).unwrap(), data);
        for n in 0..50 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 % 256) as u8).collect();
            assert_eq!(decompress(&compress(&bytes)).unwrap(), bytes);
            assert_eq!(unbase64url(&base64url(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        let text = encode(&example());
        assert_eq!(decode("hello"), Err(ShareError::NotALink));
        assert_eq!(
            decode("9.AAAA"),
            Err(ShareError::FutureVersion {
                found: 9,
                newest: VERSION
            })
        );
        assert_eq!(
            decode_store("2.AAAA"),
            Err(ShareError::FutureVersion {
                found: 2,
                newest: STORE_VERSION
            })
        );
        // What a sentence or Markdown leaves at a pasted link's end is not the run's.
        for tail in [")", ".", "%20", "),", " "] {
            assert_eq!(decode(&format!("{text}{tail}")), Ok(example()), "{tail:?}");
        }
        assert_eq!(decode("1.!!!!"), Err(ShareError::NotALink));
        let cut = &text[..text.len() / 2];
        assert!(matches!(
            decode(cut),
            Err(ShareError::Truncated | ShareError::Damaged)
        ));
        // Flip one character in the middle: the checksum or the structure catches it.
        let mut edited: Vec<char> = text.chars().collect();
        let mid = edited.len() / 2;
        edited[mid] = if edited[mid] == 'A' { 'B' } else { 'A' };
        let edited: String = edited.into_iter().collect();
        assert!(decode(&edited).is_err());
    }

    /// Fuzzing: random mutations of a valid link, random text and random bytes never panic
    /// and never decode to an invalid run. `ringleader fuzz-links` runs more.
    #[test]
    fn the_decoder_survives_mutated_and_random_input() {
        let survived = fuzz(7, 20_000, &encode(&example()));
        assert_eq!(survived, 20_000);
    }
}
