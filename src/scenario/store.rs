//! Guided scenarios of the quorum store (`crate::quorum`): the lessons of Dynamo-style
//! replication, each a short script of timed actions on five nodes and two clients, with a
//! caption per cue. The scripts name the nodes of key x's preference list as the ring
//! actually places them, so every caption says what the run shows; `tests/store.rs` replays
//! each scenario and checks the events its captions narrate.

use super::Caption;
use crate::quorum::{QInput, QuorumConfig, Ring};
use crate::raft::Op;
use crate::sim::sort;
use crate::sim::{Action, Command, Duration, NodeId, SimTime};

/// One token per node: a key's preference list is then the next N nodes clockwise on the
/// picture, as in the Dynamo paper's figure.
pub const STORE_VNODES: u32 = 1;

/// The two clients of every store scenario, after the five nodes.
pub const C1: NodeId = NodeId(5);
pub const C2: NodeId = NodeId(6);

#[derive(Clone, Debug, PartialEq)]
pub struct StoreScenario {
    pub id: &'static str,
    /// A few words for the header's picker; the title says the rest.
    pub name: Caption,
    pub title: Caption,
    pub seed: u64,
    pub config: QuorumConfig,
    /// Steps in time order; each is a cue: playback stops when the next one is due.
    pub steps: Vec<StoreStep>,
    /// When the last step's part of the run ends.
    pub end: SimTime,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoreStep {
    /// When the cue starts.
    pub at: SimTime,
    /// Its actions, each at its own time (from `at` to the next step).
    pub actions: Vec<Command<QInput>>,
    /// Shown from the cue's start, while its part of the run plays (a few seconds at 1×), and
    /// after it, paused at its end: it tells what that part shows in the present tense, true
    /// as it plays and once it has played (`tests/store.rs` checks that by the cue's end it
    /// all happened).
    pub caption: Caption,
}

impl StoreScenario {
    /// When cue `i` (0-based) ends: the next step, or the scenario's end.
    pub fn stop(&self, i: usize) -> SimTime {
        self.steps.get(i + 1).map_or(self.end, |s| s.at)
    }
}

/// Every store scenario, in teaching order.
pub fn all() -> Vec<StoreScenario> {
    vec![stale(), no_write_back(), write_back(), sloppy()]
}

pub fn find(id: &str) -> Option<StoreScenario> {
    all().into_iter().find(|s| s.id == id)
}

/// Key x's nodes clockwise: its preference list (the first three), then the other two.
pub fn order_of_x() -> Vec<NodeId> {
    Ring::new(5, STORE_VNODES).order("x")
}

pub fn name(id: NodeId) -> String {
    match id {
        C1 => "C1".into(),
        C2 => "C2".into(),
        n => format!("N{}", n.0 + 1),
    }
}

fn config(n: u8, w: u8, r: u8) -> QuorumConfig {
    QuorumConfig {
        nodes: 5,
        clients: 2,
        n,
        w,
        r,
        vnodes: STORE_VNODES,
        ..QuorumConfig::default()
    }
}

fn ms(t: u64) -> SimTime {
    SimTime::from_millis(t)
}

/// These actions at time `t`.
fn at(t: SimTime, actions: Vec<Action<QInput>>) -> Vec<Command<QInput>> {
    actions
        .into_iter()
        .map(|action| Command { at: t, action })
        .collect()
}

fn put(client: NodeId, value: &str) -> Action<QInput> {
    Action::Input(
        client,
        QInput::Submit(Op::Put {
            key: "x".into(),
            value: value.into(),
        }),
    )
}

fn get(client: NodeId) -> Action<QInput> {
    Action::Input(client, QInput::Submit(Op::Get { key: "x".into() }))
}

/// Cut both directions between `a` and each of `others`.
fn cut(a: NodeId, others: &[NodeId]) -> Vec<Action<QInput>> {
    others
        .iter()
        .flat_map(|&b| {
            [
                Action::Cut { from: a, to: b },
                Action::Cut { from: b, to: a },
            ]
        })
        .collect()
}

fn heal(a: NodeId, others: &[NodeId]) -> Vec<Action<QInput>> {
    others
        .iter()
        .flat_map(|&b| {
            [
                Action::Heal { from: a, to: b },
                Action::Heal { from: b, to: a },
            ]
        })
        .collect()
}

/// Every link of `client` to a node takes exactly 20 ms, so the script can cut a link while
/// a known message is on it.
fn steady(client: NodeId) -> Vec<Action<QInput>> {
    (0..5)
        .map(|n| Action::SetLinkLatency {
            from: client,
            to: NodeId(n),
            range: Some((Duration::from_millis(20), Duration::from_millis(20))),
        })
        .collect()
}

/// "N3, N5 and N1" / "N3、N5、N1".
fn three(p: &[NodeId]) -> (String, String) {
    let n: Vec<String> = p.iter().map(|&id| name(id)).collect();
    (
        format!("{}, {} and {}", n[0], n[1], n[2]),
        format!("{}、{}、{}", n[0], n[1], n[2]),
    )
}

/// R + W ≤ N: a read misses a completed write.
fn stale() -> StoreScenario {
    let o = order_of_x();
    let (p0, p1, p2) = (name(o[0]), name(o[1]), name(o[2]));
    let (list_en, list_zh) = three(&o);
    let mut c1_side = vec![C1, o[0]];
    sort::sort(&mut c1_side);
    let others: Vec<NodeId> = (0..7)
        .map(NodeId)
        .filter(|n| !c1_side.contains(n))
        .collect();
    StoreScenario {
        id: "quorum-stale",
        name: Caption::new("Quorums: R + W ≤ N", "Quorum：R + W ≤ N"),
        title: Caption::new(
            "Quorums: R + W ≤ N returns a stale read",
            "Quorum：R + W ≤ N 读到旧值",
        ),
        seed: 1,
        config: config(3, 1, 1),
        steps: vec![
            StoreStep {
                at: ms(0),
                actions: vec![],
                caption: Caption {
                    en: format!(
                        "A replicated store on the hash ring: each key lives on the first N = 3 nodes clockwise from it, \
                         its preference list. Key x lives on {list_en}. Here a write waits for W = 1 acknowledgement \
                         and a read for R = 1 answer: R + W = 2 is not more than N."
                    ),
                    zh: format!(
                        "哈希环上的多副本存储：每个键存放在从它顺时针数起的前 N = 3 个节点上，即它的偏好列表。\
                         键 x 存放在 {list_zh} 上。这里写入等 W = 1 个确认，读取等 R = 1 个应答：R + W = 2 不大于 N。"
                    ),
                },
            },
            StoreStep {
                at: ms(200),
                actions: at(
                    ms(200),
                    vec![Action::Partition(vec![c1_side, others]), put(C1, "1")],
                ),
                caption: Caption {
                    en: format!(
                        "A network partition leaves client C1 with {p0} only. C1 puts x = 1: {p0} acknowledges, \
                         and with W = 1 that is enough: the put completes. Its writes to {p1} and {p2} are \
                         dropped."
                    ),
                    zh: format!(
                        "网络分区后，客户端 C1 只能连到 {p0}。C1 写入 x = 1：{p0} 确认，W = 1 时这就够了，写入完成。\
                         发往 {p1} 和 {p2} 的写入被丢弃。"
                    ),
                },
            },
            StoreStep {
                at: ms(600),
                actions: at(ms(600), vec![get(C2)]),
                caption: Caption {
                    en: format!(
                        "C2 reads x from its side of the partition. With R = 1 the first answer decides, and {p1} \
                         and {p2} never received the put: the get returns ∅ although put x = 1 completed \
                         before the get began. No order of the operations that respects real time explains that (✗[[ in \
                         the history view, once the get returns]])."
                    ),
                    zh: format!(
                        "C2 在分区的另一侧读取 x。R = 1 时第一个应答说了算，而 {p1} 和 {p2} 从未收到这次写入：\
                         读取返回 ∅，尽管写入 x = 1 在它开始之前就已完成。没有任何符合实时顺序的操作次序能解释这一点（✗[[，读取返回后见历史视图]]）。"
                    ),
                },
            },
            StoreStep {
                at: ms(1000),
                actions: at(ms(1000), vec![Action::HealAll]),
                caption: Caption::new(
                    "The partition heals, but the lesson stands: when R + W ≤ N a read quorum need not meet the \
                     write quorum. A partition made sure of it here; slow links do the same. With R + W > N, at \
                     least one of the R answers a read waits for comes from a replica that acknowledged the write.",
                    "分区恢复了，但结论不变：R + W ≤ N 时，读 Quorum 不一定与写 Quorum 相交。这里是网络分区造成的，\
                     链路慢也一样。R + W > N 时，读取等到的 R 个应答中，至少有一个来自确认过该写入的副本。",
                ),
            },
        ],
        end: ms(1400),
    }
}

/// The script the write-back lesson plays twice: with and without it. C1's put x = 2 reaches
/// one replica only; C2 then reads twice, from two different pairs of replicas.
fn overlapping(write_back: bool) -> StoreScenario {
    let o = order_of_x();
    let (p0, p1, p2) = (o[0], o[1], o[2]);
    let (n0, n1, n2) = (name(p0), name(p1), name(p2));
    let (list_en, list_zh) = three(&o);
    let mut config = config(3, 2, 2);
    config.write_back = write_back;
    // Without write-back the put's writes leave at once (arriving 20 ms later): cut before.
    // With it they leave when its query is answered (40 ms after the call): cut while they fly.
    let cut_at = if write_back { ms(350) } else { ms(300) };
    let steps = vec![
        StoreStep {
            at: ms(0),
            actions: at(ms(0), [steady(C1), vec![put(C1, "1")]].concat()),
            caption: if write_back {
                Caption {
                    en: format!(
                        "The same story with write-back (ABD): N = 3, W = 2, R = 2, and key x on {list_en}. \
                         A read now writes the value it returns back to W replicas before it answers; a put first learns \
                         the newest version from R replicas. C1 puts x = 1 on all three."
                    ),
                    zh: format!(
                        "同样的故事，加上回写（ABD）：N = 3，W = 2，R = 2，键 x 存放在 {list_zh} 上。\
                         读取在应答之前，先把要返回的值写回 W 个副本；写入先从 R 个副本得知最新版本。C1 把 x = 1 写到全部三个副本。"
                    ),
                }
            } else {
                Caption {
                    en: format!(
                        "N = 3, W = 2, R = 2: R + W > N, so every read quorum meets every write quorum. Is that \
                         enough? Key x lives on {list_en}. C1 puts x = 1 on all three."
                    ),
                    zh: format!(
                        "N = 3，W = 2，R = 2：R + W > N，所以读 Quorum 与写 Quorum 总会相交。这就够了吗？\
                         键 x 存放在 {list_zh} 上。C1 把 x = 1 写到全部三个副本。"
                    ),
                }
            },
        },
        StoreStep {
            at: ms(300),
            actions: [at(ms(300), vec![put(C1, "2")]), at(cut_at, cut(C1, &[p1, p2]))].concat(),
            caption: Caption {
                en: format!(
                    "C1 puts x = 2, and its links to {n1} and {n2} are cut while its writes are on their way. Only \
                     {n0} stores x = 2; no second acknowledgement comes, and C1 asks again, then gives \
                     up. The put stays unanswered: it may or may not have taken effect."
                ),
                zh: format!(
                    "C1 写入 x = 2，它发往 {n1} 和 {n2} 的写入还在路上，这两条链路就被切断了。只有 {n0} 存下 x = 2；\
                     等不到第二个确认，C1 重试，然后放弃。这次写入得不到应答：它可能生效，也可能没有。"
                ),
            },
        },
        StoreStep {
            at: ms(800),
            actions: at(ms(800), [cut(C2, &[p2]), vec![get(C2)]].concat()),
            caption: if write_back {
                Caption {
                    en: format!(
                        "C2 reads x: {n0} and {n1} answer, and the newest version is x = 2. Before answering, \
                         C2 writes x = 2 back to {n0} and {n1}; then the get returns 2."
                    ),
                    zh: format!(
                        "C2 读取 x：{n0} 和 {n1} 应答，最新版本是 x = 2。返回结果之前，C2 先把 x = 2 写回 {n0} 和 {n1}，\
                         然后读取才返回 2。"
                    ),
                }
            } else {
                Caption {
                    en: format!(
                        "C2 reads x: {n0} and {n1} answer, and the newest version is x = 2, so the get returns 2."
                    ),
                    zh: format!("C2 读取 x：{n0} 和 {n1} 应答，最新版本是 x = 2，所以读取返回 2。"),
                }
            },
        },
        StoreStep {
            at: ms(1200),
            actions: at(
                ms(1200),
                [heal(C2, &[p2]), cut(C2, &[p0]), vec![get(C2)]].concat(),
            ),
            caption: if write_back {
                Caption {
                    en: format!(
                        "C2 reads x again, now from {n1} and {n2}. {n1} got x = 2 from the first read's write-back, \
                         so this get returns 2 as well, after writing x = 2 back to {n2}, which still has 1. \
                         The history stays linearizable[[ (✓ in the history view)]]."
                    ),
                    zh: format!(
                        "C2 再次读取 x，这次收到 {n1} 和 {n2} 的应答。{n1} 已经从第一次读取的回写中得到 x = 2，\
                         所以这次读取也返回 2；返回之前，C2 先把 x = 2 写回仍是 1 的 {n2}。这段历史保持线性一致[[（见历史视图中的 ✓）]]。"
                    ),
                }
            } else {
                Caption {
                    en: format!(
                        "C2 reads x again, now from {n1} and {n2}, which never got x = 2: the get returns 1, an \
                         older value than the earlier read returned, and no order that respects real time explains \
                         that (✗[[ in the history view, once the get returns]]). Overlapping quorums are not enough \
                         without write-back."
                    ),
                    zh: format!(
                        "C2 再次读取 x，这次问的是从未收到 x = 2 的 {n1} 和 {n2}：读取返回 1，比前一次读取返回的值更旧，\
                         没有任何符合实时顺序的次序能解释这一点（✗[[，读取返回后见历史视图]]）。没有回写，读写 Quorum 相交也不够。"
                    ),
                }
            },
        },
        StoreStep {
            at: ms(1600),
            actions: at(ms(1600), vec![Action::HealAll]),
            caption: if write_back {
                Caption::new(
                    "Write-back has a price: a read costs a second round trip, and a put a first one to learn the \
                     newest version. In exchange, once a read returns a value, a write quorum holds it, so no later read can return anything older. That is ABD \
                     (Attiya, Bar-Noy and Dolev), and with R + W > N the store is linearizable.",
                    "回写是有代价的：读取要多一次往返，写入也要先多一次往返来询问最新版本。换来的是：一次读取返回某个值时，已有 W 个副本存有它，之后的读取就不会再返回更旧的值。\
                     这就是 ABD（Attiya、Bar-Noy、Dolev），再加上 R + W > N，存储就是线性一致的。",
                )
            } else {
                Caption::new(
                    "The fix is write-back (ABD, next scenario): before answering, a read writes the value it \
                     returns back to W replicas, so no later read can miss it.",
                    "解决办法是回写（ABD，见下一个场景）：读取在应答之前，把要返回的值写回 W 个副本，之后的读取就不会错过它。",
                )
            },
        },
    ];
    let (id, short, title) = if write_back {
        (
            "quorum-write-back",
            Caption::new("Quorums: write-back", "Quorum：回写"),
            Caption::new(
                "Quorums: write-back (ABD) makes reads linearizable",
                "Quorum：回写（ABD）让读取线性一致",
            ),
        )
    } else {
        (
            "quorum-no-write-back",
            Caption::new("Quorums: no write-back", "Quorum：不回写"),
            Caption::new(
                "Quorums: R + W > N is not enough without write-back",
                "Quorum：没有回写，R + W > N 也不够",
            ),
        )
    };
    StoreScenario {
        id,
        name: short,
        title,
        seed: 1,
        config,
        steps,
        end: ms(2000),
    }
}

fn no_write_back() -> StoreScenario {
    overlapping(false)
}

fn write_back() -> StoreScenario {
    overlapping(true)
}

/// A sloppy quorum stays available in a partition and gives up consistency for it.
fn sloppy() -> StoreScenario {
    let o = order_of_x();
    let (n0, n1, n2, s0, s1) = (name(o[0]), name(o[1]), name(o[2]), name(o[3]), name(o[4]));
    let mut a = vec![C1, o[0], o[3], o[4]];
    sort::sort(&mut a);
    let mut b = vec![C2, o[1], o[2]];
    sort::sort(&mut b);
    let mut config = config(3, 2, 2);
    config.sloppy = true;
    config.write_back = true;
    StoreScenario {
        id: "quorum-sloppy",
        name: Caption::new("A sloppy quorum", "宽松 Quorum"),
        title: Caption::new(
            "Quorums: a sloppy quorum stays available and gives up consistency",
            "Quorum：宽松 Quorum 保住可用性，放弃一致性",
        ),
        seed: 1,
        config,
        steps: vec![
            StoreStep {
                at: ms(0),
                actions: at(ms(0), vec![Action::Partition(vec![a, b])]),
                caption: Caption {
                    en: format!(
                        "N = 3, W = 2, R = 2 with write-back, and a sloppy quorum: when nodes of a key's preference \
                         list do not answer, the client (which coordinates its own operations) asks the next nodes on \
                         the ring instead. A network \
                         partition splits the ring: C1 can reach {n0}, {s0} and {s1}; C2 can reach {n1} and {n2}. \
                         Key x lives on {n0}, {n1} and {n2}."
                    ),
                    zh: format!(
                        "N = 3，W = 2，R = 2，带回写，并启用宽松 Quorum（sloppy quorum）：键的偏好列表中的节点不应答时，\
                         客户端（它协调自己的操作）改问环上后面的节点。网络分区把环分成两组：C1 能连到 {n0}、{s0}、{s1}；C2 能连到 {n1}、{n2}。\
                         键 x 存放在 {n0}、{n1}、{n2} 上。"
                    ),
                },
            },
            StoreStep {
                at: ms(200),
                actions: at(ms(200), vec![put(C1, "1")]),
                caption: Caption {
                    en: format!(
                        "C1 puts x = 1. Of x's nodes only {n0} answers, to the version query and then to the \
                         write; each time, after a timeout, C1 asks {s0} and {s1} instead. For the write they \
                         stand in for {n1} and {n2}, keeping x = 1 as a hint for them. With two acknowledgements \
                         the put completes. Without a sloppy quorum it could not."
                    ),
                    zh: format!(
                        "C1 写入 x = 1。x 的节点中只有 {n0} 应答，版本查询和写入都是如此；每次超时后，C1 都改问 {s0} 和 {s1}。\
                         写入时它们顶替 {n1} 和 {n2}，替它们把 x = 1 作为提示暂存。有了两个确认，写入完成。\
                         没有宽松 Quorum，这次写入无法完成。"
                    ),
                },
            },
            StoreStep {
                at: ms(800),
                actions: at(ms(800), vec![get(C2)]),
                caption: Caption {
                    en: format!(
                        "C2 reads x on its side: {n1} and {n2} answer, and neither has x = 1. The get writes \
                         back what it found, no value (both then show x = ∅), and returns ∅ although the put \
                         has completed (✗[[ in the history view, once the get returns]]). Both sides stay available; the \
                         store is no longer linearizable, write-back or not."
                    ),
                    zh: format!(
                        "C2 在自己这一侧读取 x：{n1} 和 {n2} 应答，都没有 x = 1。读取把它找到的“没有值”写回（之后两者都显示 x = ∅），\
                         尽管写入已经完成，仍返回 ∅（✗[[，读取返回后见历史视图]]）。\
                         两侧都保持可用；存储不再线性一致，有没有回写都一样。"
                    ),
                },
            },
            StoreStep {
                at: ms(1200),
                actions: at(ms(1200), vec![Action::HealAll]),
                caption: Caption {
                    en: format!(
                        "The partition heals. {s0} and {s1} hand their hints over to {n1} and {n2} (hinted \
                         handoff) and delete each hint once its owner acknowledges it."
                    ),
                    zh: format!(
                        "分区恢复了。{s0} 和 {s1} 把提示转交给 {n1} 和 {n2}（提示转交，hinted handoff），收到确认后删除这些提示。"
                    ),
                },
            },
            StoreStep {
                at: ms(1600),
                actions: at(ms(1600), vec![get(C2)]),
                caption: Caption::new(
                    "C2 reads x again and now gets 1. The sloppy quorum traded consistency for availability: \
                     C1's write was accepted during the partition, and the replicas agree again only after the \
                     partition heals and the hints are handed over.",
                    "C2 再次读取 x，这次得到 1。宽松 Quorum 用一致性换来了可用性：分区期间 C1 的写入照样被接受，\
                     而副本要等分区恢复、提示转交之后才重新一致。",
                ),
            },
        ],
        end: ms(2000),
    }
}
