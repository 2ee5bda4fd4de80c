//! The built-in scenarios, in teaching order and grouped by the source article's concepts:
//! data distribution and load balancing on the ring first, then Raft, where each scenario
//! relies only on what the ones before it showed. Every caption at a cue describes what is on
//! screen at that moment (after the step's actions ran), and `tests/scenarios.rs` checks it
//! against the run.

use super::{Caption, Concept, Do, Scenario, Step};
use crate::raft::{Breaks, ClientSetup, Input, Op, ReadPath};
use crate::share::{ClusterSpec, KeySpec, RingSpec};
use crate::sim::{Action, NodeId};

/// A step that waits for "next".
fn step(at_ms: u64, actions: Vec<Do>, en: &str, zh: &str) -> Step {
    Step {
        at_ms,
        actions,
        caption: Caption::new(en, zh),
        cue: true,
    }
}

/// A step that plays on: its actions, no caption of its own (the last one stays up).
fn silent(at_ms: u64, actions: Vec<Do>) -> Step {
    Step {
        at_ms,
        actions,
        caption: Caption::default(),
        cue: false,
    }
}

fn ring(n: u32, algorithm: &str, compare: Option<&str>, vnodes: u32, keys: KeySpec) -> RingSpec {
    RingSpec {
        members: (1..=n).map(|i| (format!("N{i}"), 100, true)).collect(),
        algorithm: algorithm.into(),
        compare: compare.map(Into::into),
        vnodes,
        replicas: 1,
        keys,
    }
}

fn ring_scenario(
    id: &str,
    name: Caption,
    concept: Concept,
    title: Caption,
    spec: RingSpec,
    steps: Vec<Step>,
) -> Scenario {
    Scenario {
        id: id.into(),
        name,
        title,
        concept: Some(concept),
        view: "ring".into(),
        seed: 1,
        cluster: ClusterSpec::default(),
        ring: spec,
        steps,
        logs: false,
    }
}

fn cluster_scenario(
    id: &str,
    name: Caption,
    concept: Concept,
    title: Caption,
    seed: u64,
    cluster: ClusterSpec,
    steps: Vec<Step>,
) -> Scenario {
    Scenario {
        id: id.into(),
        name,
        title,
        concept: Some(concept),
        view: "cluster".into(),
        seed,
        cluster,
        ring: RingSpec::default(),
        steps,
        logs: false,
    }
}

/// A cluster scenario whose story is in the logs (an embed shows them).
fn told_in_the_logs(scenario: Scenario) -> Scenario {
    Scenario {
        logs: true,
        ..scenario
    }
}

/// Every built-in scenario, in teaching order. The concepts come in runs (data distribution,
/// load balancing, fault tolerance, consistency, network), so grouping the list by concept
/// keeps the order. The page reads them from `library.jsonl` once (their JSON compresses to
/// less than the code that builds them); natively they are built by `in_code`, and
/// `tests/files.rs` checks that the file is what that code writes.
pub fn all() -> Vec<Scenario> {
    #[cfg(target_arch = "wasm32")]
    {
        // Read once: the page asks for them after every user action (the address bar names
        // the scenario playing), and a copy costs what building them in code did.
        thread_local! {
            static READ: Vec<Scenario> = from_file();
        }
        READ.with(Clone::clone)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        in_code()
    }
}

/// The built-in scenarios as written in `library.jsonl`, one scenario file per line.
pub const FILE: &str = include_str!("library.jsonl");

/// The built-in scenarios read from `FILE`, as the page reads a user's scenario file.
pub fn from_file() -> Vec<Scenario> {
    FILE.lines()
        .filter_map(|line| crate::share::file::scenario_from_json(line).ok())
        .collect()
}

/// The built-in scenarios, built by code (what `library.jsonl` is written from).
pub fn in_code() -> Vec<Scenario> {
    vec![
        mod_n(),
        virtual_nodes(),
        hot_keys(),
        node_dies(),
        first_election(),
        told_in_the_logs(write_commits()),
        leader_crash(),
        split_votes(),
        told_in_the_logs(two_leaders()),
        told_in_the_logs(stale_candidate()),
        told_in_the_logs(majority_lost()),
        leadership_transfer(),
        told_in_the_logs(write_before_reply()),
        told_in_the_logs(partition()),
        told_in_the_logs(log_repair()),
        told_in_the_logs(figure_8()),
        stale_read(),
        read_index(),
        lease_drift(),
        pre_vote(),
        check_quorum(),
    ]
}

/// The scenarios grouped by concept, in teaching order.
pub fn by_concept() -> Vec<(Option<Concept>, Vec<Scenario>)> {
    let mut groups: Vec<(Option<Concept>, Vec<Scenario>)> = Vec::new();
    for s in all() {
        match groups.last_mut() {
            Some((c, list)) if *c == s.concept => list.push(s),
            _ => groups.push((s.concept, vec![s])),
        }
    }
    groups
}

fn put(key: &str, value: &str) -> Op {
    Op::Put {
        key: key.into(),
        value: value.into(),
    }
}

fn write(key: &str, value: &str) -> Do {
    Do::WriteToLeader {
        key: key.into(),
        value: value.into(),
    }
}

// ---- Data distribution and load balancing: the hash ring ----

fn mod_n() -> Scenario {
    ring_scenario(
        "mod-n",
        Caption::new("Why hash mod n hurts", "hash mod n 的代价"),
        Concept::DataDistribution,
        Caption::new("Why hash mod n hurts", "为什么 hash mod n 代价高"),
        ring(4, "mod-n", Some("ring"), 100, KeySpec::Uniform { count: 2000 }),
        vec![
            step(0, vec![],
                "2,000 keys on 4 nodes. Left: hash mod 4 puts key k on node hash(k) mod 4. Right: a consistent hashing ring with 100 virtual nodes per node. Both spread the keys about evenly. (\"Consistent\" here means that keys stay put when nodes change; it has nothing to do with data consistency.)",
                "4 个节点上的 2000 个键。左：hash mod 4 把键 k 放到第 hash(k) mod 4 号节点。右：每个节点 100 个虚拟节点的一致性哈希环。两者都把键分布得大致均匀。（一致性哈希的“一致”指节点变化时键尽量不动，与数据的一致性无关。）"),
            step(0, vec![Do::RingAdd("N5".into())],
                "A fifth node joined. With mod n about 4/5 of the keys changed node: the divisor changed for every key. The ring moved only the keys the new node took over, about 1/5, the least a placement with exactly even loads can move.",
                "加入了第 5 个节点。mod n 下约 4/5 的键换了节点：所有键的除数都变了。哈希环只迁移了新节点接管的键，约 1/5，这是负载完全均衡的放置方法的最小迁移量。"),
            step(0, vec![Do::RingRemove("N5".into())],
                "It left again: mod n moved about 4/5 of the keys once more, the ring only the fifth that N5 held. Moving data costs network traffic and cache misses, which is why real systems hash onto a ring.",
                "它又离开了：mod n 再次迁移了约 4/5 的键，哈希环只迁移了 N5 持有的那 1/5。迁移数据要付出网络流量和缓存失效的代价，这就是实际系统使用哈希环的原因。"),
        ],
    )
}

fn virtual_nodes() -> Scenario {
    ring_scenario(
        "virtual-nodes",
        Caption::new("Virtual nodes", "虚拟节点"),
        Concept::LoadBalancing,
        Caption::new("Virtual nodes and balance", "虚拟节点与负载均衡"),
        ring(8, "ring", None, 1, KeySpec::Uniform { count: 5000 }),
        vec![
            step(0, vec![],
                "8 nodes with one point each on the ring. The arcs are very unequal, and so are the loads: look at the spread (coefficient of variation, CV) in the figures by the ring{{ and at the load bars in the side panel}}.",
                "8 个节点，每个节点在环上只有一个点。弧段长短悬殊，各节点的负载也随之悬殊：看环旁的变异系数（CV）{{，以及侧栏中的负载条}}。"),
            step(0, vec![Do::RingVnodes(10)],
                "10 virtual nodes each: every node owns many small arcs, and the differences start to average out.",
                "每个节点 10 个虚拟节点：每个节点拥有许多小弧段，差异开始被平均掉。"),
            step(0, vec![Do::RingVnodes(100)],
                "100 each: the spread of the arcs falls roughly as 1/√k for k virtual nodes per node, and the keys' spread with it, to about the theory figure. That figure counts both: the arcs' own spread and the noise of where 5,000 random keys fall, about √(7/5000) ≈ 4 %.",
                "每个节点 100 个：弧段的变异系数大约按 1/√k 下降（k 为每个节点的虚拟节点数），键的变异系数随之降到理论值附近。理论值两者都算在内：弧段本身的差异，加上 5000 个随机键落点带来的约 √(7/5000) ≈ 4% 的波动。"),
            step(0, vec![Do::RingVnodes(1000)],
                "1000 each: the arcs are almost equal and what is left of the spread is mostly the keys' own randomness. The price is a bigger lookup table.",
                "每个节点 1000 个：弧段几乎相等，剩下的变异系数主要来自键本身的随机性。代价是更大的查找表。"),
        ],
    )
}

fn hot_keys() -> Scenario {
    ring_scenario(
        "hot-keys",
        Caption::new("Hot keys", "热点键"),
        Concept::LoadBalancing,
        Caption::new("Hot keys and bounded loads", "热点键与有界负载"),
        ring(
            5,
            "ring",
            // The bounded-loads ring joins at the second cue, which introduces it.
            None,
            100,
            KeySpec::Hot {
                distinct: 50,
                count: 5000,
            },
        ),
        vec![
            step(0, vec![],
                "5,000 requests for 50 distinct keys with Zipf skew: the hottest key gets about a fifth of the requests. Here each request counts as one unit of load. On the plain ring every request for a key goes to the key's node, so the hottest key's node is overloaded (max/mean far above 1).",
                "5000 次请求落在 50 个不同的键上，呈 Zipf 偏斜：最热的键约占五分之一的请求。这里每次请求算一份负载。在普通哈希环上，同一个键的请求都落到它所在的节点，所以最热键所在的节点过载（最大/平均远大于 1）。"),
            step(0, vec![Do::RingCompare(Some("bounded-load".into()))],
                "Consistent hashing with bounded loads caps every node at 1.25 × the mean: requests past the cap walk on clockwise to the next node with room. The busiest node now serves about 1.25 × the mean instead of far more, but one key's requests now land on several nodes: fine for a cache, not for a store that must keep each key in one place.",
                "有界负载的一致性哈希把每个节点的负载限制在平均值的 1.25 倍：超出上限的请求沿顺时针找下一个还有余量的节点。最忙的节点现在只承担约为平均值 1.25 倍的负载，不再远超平均；但同一个键的请求会落到多个节点上：对缓存没问题，对必须把每个键放在固定位置的存储则不行。"),
        ],
    )
}

fn node_dies() -> Scenario {
    ring_scenario(
        "node-dies",
        Caption::new("A node dies", "节点宕机"),
        Concept::FaultTolerance,
        Caption::new(
            "A node dies: unavailable is not lost, and replicas must exist before it does",
            "节点宕机：不可用不等于丢失，副本要事先备好",
        ),
        ring(5, "ring", None, 100, KeySpec::Uniform { count: 2000 }),
        vec![
            step(0, vec![],
                "Five nodes, each key stored once (replication factor N = 1).",
                "五个节点，每个键只存一份（副本数 N = 1）。"),
            step(0, vec![Do::RingDown("N3".into())],
                "N3 went down. Its keys have no other copy: they are unavailable (hollow). They are not lost: N3 still holds them, and they come back when N3 does (only a destroyed disk would lose them).",
                "N3 宕机。它的键没有其他副本：这些键暂时不可用（空心）。它们并没有丢失：数据仍在 N3 上，N3 恢复后就能再次访问（只有磁盘损坏才会真正丢失）。"),
            step(0, vec![Do::RingUp("N3".into())],
                "N3 is back and serves its keys again: nothing was lost, but for a while those keys could not be read.",
                "N3 恢复，重新提供它的键：没有丢失任何数据，但这些键有一段时间无法读取。"),
            step(0, vec![Do::RingReplicas(2)],
                "Now N = 2, while every node is up: each key is also stored on the next distinct node clockwise. The copies must exist before a failure; a node that is already down cannot hand its keys over.",
                "现在趁所有节点都正常，把副本数设为 N = 2：每个键还存放在顺时针方向的下一个不同节点上。副本必须在故障之前就存在；已经宕机的节点无法交出它的键。"),
            step(0, vec![Do::RingDown("N3".into())],
                "N3 went down again. This time each of its keys is served by its replica on another node: none is unavailable.",
                "N3 再次宕机。这次它的每个键都由另一个节点上的副本提供：没有键不可用。"),
            step(0, vec![Do::RingDown("N4".into())],
                "N4 went down too. N = 2 survives one failure, not two: the keys whose two copies were both on N3 and N4, about one in ten, are unavailable.",
                "N4 也宕机了。N = 2 能承受一个节点故障，承受不了两个：两份副本恰好都在 N3 和 N4 上的键（约十分之一）变得不可用。"),
            step(0, vec![Do::RingUp("N3".into()), Do::RingUp("N4".into())],
                "Both are back: every key is served by its first choice again.",
                "两个节点都已恢复：每个键都重新由首选节点提供。"),
        ],
    )
}

// ---- Fault tolerance: Raft elects a leader and keeps writes on a majority ----

fn first_election() -> Scenario {
    cluster_scenario(
        "first-election",
        Caption::new("The first election", "第一次选举"),
        Concept::FaultTolerance,
        Caption::new("The first election", "第一次选举"),
        3,
        ClusterSpec::default(),
        vec![
            step(1, vec![],
                "Five servers start as followers with no leader. Each has an election timer (the arc) set at random between 150 and 300 ms. Raft's leader is what the article calls the 主节点 (primary), its followers the 从节点; but in Raft any server can become the leader.",
                "五台服务器以跟随者身份启动，还没有领导者。每台服务器都有一个在 150 到 300 毫秒之间随机设定的选举计时器（圆弧）。Raft 的领导者就是原文所说的主节点，跟随者就是从节点；不过在 Raft 中，任何一台服务器都可能成为领导者。"),
            step(165, vec![],
                "The shortest timer ran out first: N3 became a candidate for term 1, voted for itself and sent RequestVote (orange) to the others.",
                "最短的计时器最先到期：N3 成为第 1 任期的候选人，先投自己一票，并向其他服务器发送 RequestVote（橙色）。"),
            step(500, vec![],
                "The others voted for N3 (green): with a majority, at least 3 of 5, it became leader of term 1. Its heartbeats (blue) reset the others' timers, so nobody else starts an election.",
                "其他服务器都投票给了 N3（绿色）：获得多数票（5 票中至少 3 票）后，它成为第 1 任期的领导者。它的心跳（蓝色）不断重置其他服务器的计时器，所以没有别的服务器发起选举。"),
        ],
    )
}

fn write_commits() -> Scenario {
    cluster_scenario(
        "write-commits",
        Caption::new("A write commits", "写入提交"),
        Concept::FaultTolerance,
        Caption::new("A write commits on a majority", "一次写入在多数派上提交"),
        3,
        ClusterSpec::default(),
        vec![
            step(500, vec![],
                "The cluster of the first election: N3 leads term 1. A new leader's first entry is a no-op of its own term; it is already stored on every server and committed.",
                "接着第一次选举：N3 是第 1 任期的领导者。新领导者的第一个条目是本任期的空操作条目；它已保存在每台服务器上，并已提交。"),
            step(600, vec![write("x", "1")],
                "The client sends write x = 1 to the leader N3.",
                "客户端向领导者 N3 发送写入 x = 1。"),
            step(620, vec![],
                "N3 appended x = 1 to its log at index 2, not committed yet[[ (hatched)]], and sent it to every follower in AppendEntries (blue). Only N3 stores it so far.",
                "N3 把 x = 1 追加到自己日志的索引 2 处，尚未提交[[（带斜线）]]，并通过 AppendEntries（蓝色）发给每个跟随者。目前只有 N3 保存了它。"),
            step(640, vec![],
                "The followers stored the entry and said so. Once a majority, N3 and at least two followers, stored it, N3 committed index 2: x = 1 is an entry of N3's own term, stored by a majority, so it can never be lost. N3 applied it to its key-value store and is answering the client. The followers do not know yet that it is committed: right now the servers do not all hold the same data.",
                "跟随者保存了该条目并作出答复。一旦多数派（N3 加上至少两个跟随者）保存了它，N3 就提交了索引 2：x = 1 是 N3 本任期的条目，且已由多数派保存，因此永远不会丢失。N3 已把它应用到自己的键值存储，正在回复客户端。跟随者还不知道它已提交：此刻各服务器的数据并不完全相同。"),
            step(760, vec![],
                "The client got its answer, and the leader's next AppendEntries told the followers the new commit index, so they applied x = 1 too. What Raft guarantees: a committed entry is never lost, every server applies the same commands in the same order, and every read and write appears to take effect at one instant between its request and its answer (linearizable). It does not promise, as the article puts it, that all nodes hold the same data at every moment.",
                "客户端收到了回复；领导者的下一条 AppendEntries 把新的提交索引告诉了跟随者，它们也应用了 x = 1。Raft 保证的是：已提交的条目永不丢失；所有服务器按相同顺序应用相同的命令；每次读写都像是在请求与回复之间的某一瞬间生效（线性一致）。它并不保证原文所说的“在任何时刻，所有节点上的数据都应该是一致的”。"),
        ],
    )
}

fn leader_crash() -> Scenario {
    cluster_scenario(
        "leader-crash",
        Caption::new("The leader crashes", "领导者宕机"),
        Concept::FaultTolerance,
        Caption::new("The leader crashes; a new one is elected", "领导者宕机，选出新的领导者"),
        3,
        ClusterSpec::default(),
        vec![
            step(600, vec![],
                "N3 leads term 1 and sends heartbeats.",
                "N3 是第 1 任期的领导者，正在发送心跳。"),
            step(700, vec![Do::CrashLeader],
                "The leader N3 crashed: it sends no more heartbeats. Those already on their way still arrive; after them, the followers' timers run down.",
                "领导者 N3 宕机：它不再发送心跳。已在路上的心跳仍会送达；此后，跟随者的计时器不再被重置，剩余时间不断缩短。"),
            step(1500, vec![],
                "N2's timer ran out first: it started an election for term 2 and won with the votes of the other three. Four of five servers are up, still a majority: the cluster works again.",
                "N2 的计时器最先到期：它发起第 2 任期的选举，并凭另外三台服务器的选票当选。五台服务器中有四台在运行，仍是多数派：集群恢复工作。"),
            step(2200, vec![Do::RestartCrashed],
                "N3 restarted. Every server restarts as a follower, with the term, vote and log it saved: N3 still believes the term is 1.",
                "N3 重启。每台服务器重启后都是跟随者，并带着它保存的任期、投票和日志：N3 仍以为当前是第 1 任期。"),
            step(2400, vec![],
                "N2's next AppendEntries carried term 2 and the entry N3 missed: N3 adopted the term, follows N2 and stored the entry. Terms tell a stale server that it is out of date.",
                "N2 的下一条 AppendEntries 带着第 2 任期和 N3 错过的条目：N3 采用了这个任期，跟随 N2，并保存了这个条目。任期让过时的服务器知道自己已经落后。"),
        ],
    )
}

fn split_votes() -> Scenario {
    let fixed = ClusterSpec {
        breaks: Breaks {
            fixed_timeouts: true,
            ..Breaks::default()
        },
        ..ClusterSpec::default()
    };
    cluster_scenario(
        "split-votes",
        Caption::new("Split votes", "选票瓜分"),
        Concept::FaultTolerance,
        Caption::new("Split votes with fixed timeouts, cured by randomisation", "固定超时导致选票瓜分，随机化解决问题"),
        2,
        fixed,
        vec![
            step(1, vec![],
                "A teaching switch gives every server the same election timeout, 150 ms.",
                "教学开关让所有服务器使用相同的选举超时：150 毫秒。"),
            step(2000, vec![],
                "All timers ran out together, again and again: each time every server became a candidate, voted for itself and refused the others, so nobody got a majority. The term has risen to 13 and there is still no leader.",
                "所有计时器一次又一次地同时到期：每次所有服务器都成为候选人，投自己一票并拒绝别人，因此没有人获得多数票。任期已升到 13，仍然没有领导者。"),
            step(2000, vec![Do::Restart(ClusterSpec::default())],
                "The same cluster with randomised timeouts (the rule restored), from time zero.",
                "同一个集群改用随机超时（恢复规则），从零时刻重新开始。"),
            step(600, vec![],
                "N4's timer ran out first; it collected a majority before any other timer ran out, and became leader of term 1 at the first attempt.",
                "N4 的计时器最先到期；在其他计时器到期之前，它就获得了多数票，第一次尝试就成为第 1 任期的领导者。"),
        ],
    )
}

fn two_leaders() -> Scenario {
    // Long timeouts (no spontaneous elections), fixed 10 ms messages, clients that do not retry
    // within the story. N1 and N3 cannot reach N2 and N4; N5 reaches everyone.
    let with_switch = ClusterSpec {
        election_min_us: 5_000_000,
        election_max_us: 6_000_000,
        latency_min_us: 10_000,
        latency_max_us: 10_000,
        clients: 2,
        client_retry_us: 10_000_000,
        breaks: Breaks {
            many_votes_per_term: true,
            ..Breaks::default()
        },
        ..ClusterSpec::default()
    };
    let without = ClusterSpec {
        breaks: Breaks::default(),
        ..with_switch.clone()
    };
    let s = |i: u8| NodeId(i - 1);
    let act = Do::Act;
    let timeout = |i: u8| act(Action::Input(s(i), Input::Timeout));
    let mut split: Vec<Do> = [(1, 2), (1, 4), (3, 2), (3, 4)]
        .into_iter()
        .flat_map(|(a, b)| {
            [
                act(Action::Cut {
                    from: s(a),
                    to: s(b),
                }),
                act(Action::Cut {
                    from: s(b),
                    to: s(a),
                }),
            ]
        })
        .collect();
    split.push(timeout(1));
    // The schedule, played twice: with the switch on, then off. A cue without a caption in
    // the second run plays on (the restart's caption stays up).
    let schedule = |captions: [(&str, &str); 4]| -> Vec<Step> {
        let c = |at: u64, actions: Vec<Do>, (en, zh): (&str, &str)| {
            if en.is_empty() {
                silent(at, actions)
            } else {
                step(at, actions, en, zh)
            }
        };
        let [opening, elected, written, read] = captions;
        vec![
            silent(1, split.clone()),
            c(2, vec![timeout(2)], opening),
            c(100, vec![], elected),
            silent(101, vec![ask(5, 1, 1, put("x", "1"))]),
            silent(150, vec![ask(5, 2, 2, put("x", "2"))]),
            c(250, vec![], written),
            silent(260, vec![ask(5, 1, 1, get("x"))]),
            c(350, vec![], read),
        ]
    };
    let mut steps = schedule([
        ("A teaching switch is on: a server grants its vote to every candidate that asks in a term, where Figure 2 allows one (votedFor). The links between N1 and N3 on one side and N2 and N4 on the other are cut, both ways; N5 reaches everyone. N1 was made to time out, and a millisecond later N2: both ask for votes for term 1.",
         "这里打开了一个教学开关：服务器在一个任期内给每个来请求的候选人都投票，而图 2 只允许投一票（votedFor）。N1、N3 与 N2、N4 之间的链路双向切断；N5 与其余所有服务器都相通。这里让 N1 超时，1 毫秒后又让 N2 超时：两者都请求第 1 任期的选票。"),
        ("N1 won term 1 with the votes of N3 and N5, and N2 with those of N4 and N5: N5 voted for N1, then for N2 as well. Two leaders in one term: the safety checks mark Election Safety broken, and Terms, votes and commit bounds (N5 voted twice).",
         "N1 凭 N3、N5 的选票赢得第 1 任期，N2 凭 N4、N5 的选票也赢得了第 1 任期：N5 先投票给 N1，又投票给 N2。同一任期出现两个领导者：安全性检查把选举安全，以及任期、投票与提交边界（N5 投了两次票）标为被破坏。"),
        ("C1 asked N1 to write x = 1: once N3 and N5 stored it, N1 committed it at index 2. Then C2 asked N2 to write x = 2, which N2 also put at index 2, in term 1. N5 already had N1's entry at index 2, of the same term, which Raft takes to mean the same entry: it kept x = 1 and answered N2 with success, as if it stored x = 2. Counting N4 and N5, N2 committed x = 2 and told C2 it is done. N1, N3 and N5 applied x = 1, N2 and N4 x = 2: Log Matching and State Machine Safety are broken too.",
         "C1 请求 N1 写入 x = 1：N3、N5 保存了它之后，N1 在索引 2 处提交了它。随后 C2 请求 N2 写入 x = 2，N2 也把它放在索引 2 处，同样属于第 1 任期。N5 在索引 2 处已有 N1 的条目，任期相同，而 Raft 认为这就是同一个条目：它保留了 x = 1，却向 N2 回复成功（success），仿佛保存的是 x = 2。算上 N4 和 N5，N2 提交了 x = 2，并告诉 C2 写入已完成。N1、N3、N5 应用了 x = 1，N2、N4 应用了 x = 2：日志匹配和状态机安全也被破坏了。"),
        ("C1 then read x from N1 and got 1, though C2's write x = 2 began after C1's was done, and was done before this read began: no order of the operations explains this answer, Linearizability ✗.{{ The History tab shows why.}} Next, the same actions with the switch off.",
         "随后 C1 从 N1 读取 x，得到 1，而 C2 的写入 x = 2 在 C1 的写入完成之后才开始，并在这次读取开始之前就已完成：没有任何操作次序能解释这个结果，线性一致性 ✗。{{“历史”标签页说明了原因。}}接下来，关闭教学开关重放同样的操作。"),
    ]);
    steps.push(step(0, vec![Do::Restart(without)],
        "The same actions with the teaching switch off, from time zero: a server grants at most one vote in a term.",
        "关闭教学开关，从零时刻重放同样的操作：服务器在一个任期内最多投一票。"));
    steps.extend(schedule([
        ("", ""),
        ("N5 voted for N1, whose request came first, and refused N2: it had already voted in term 1. N2 has two votes of five, its own and N4's, and stays a candidate: N1 alone leads term 1.",
         "N5 投票给请求先到的 N1，并拒绝了 N2：它在第 1 任期已经投过票。N2 只有五票中的两票（它自己的和 N4 的），仍是候选人：第 1 任期只有 N1 一个领导者。"),
        ("Once N3 and N5 stored C1's x = 1, N1 committed it. N2, only a candidate, told C2 it is not the leader: it cannot become one in term 1, where a majority has voted for N1.",
         "N3、N5 保存了 C1 的 x = 1 之后，N1 提交了它。N2 只是候选人，它告诉 C2 自己不是领导者：它在第 1 任期也不可能当选，因为多数派已投票给 N1。"),
        ("C1 read x from N1: 1. One leader per term, one entry per index and term: every safety check passes, and the history is linearizable.",
         "C1 从 N1 读取 x，得到 1。每个任期一个领导者，每个索引和任期对应一个条目：所有安全性检查都通过，历史是线性一致的。"),
    ]));
    cluster_scenario(
        "two-leaders",
        Caption::new("Two leaders in one term", "同一任期两个领导者"),
        Concept::FaultTolerance,
        Caption::new(
            "Two leaders in one term: why a server votes only once per term",
            "同一任期出现两个领导者：为什么每台服务器每个任期只投一票",
        ),
        1,
        with_switch,
        steps,
    )
}

fn stale_candidate() -> Scenario {
    // Long timeouts (no spontaneous elections), fixed 10 ms messages, clients that do not
    // retry within the story.
    let with_switch = ClusterSpec {
        election_min_us: 5_000_000,
        election_max_us: 6_000_000,
        latency_min_us: 10_000,
        latency_max_us: 10_000,
        clients: 2,
        client_retry_us: 10_000_000,
        breaks: Breaks {
            no_up_to_date_check: true,
            ..Breaks::default()
        },
        ..ClusterSpec::default()
    };
    let without = ClusterSpec {
        breaks: Breaks::default(),
        ..with_switch.clone()
    };
    let s = |i: u8| NodeId(i - 1);
    let act = Do::Act;
    let timeout = |i: u8| act(Action::Input(s(i), Input::Timeout));
    // The schedule, played twice: with the switch on, then off (a cue without a caption in
    // the second run plays on). Without the switch, a server with the committed entry then
    // wins an election.
    let schedule = |captions: [(&str, &str); 4]| -> Vec<Step> {
        let c = |at: u64, actions: Vec<Do>, (en, zh): (&str, &str)| {
            if en.is_empty() {
                silent(at, actions)
            } else {
                step(at, actions, en, zh)
            }
        };
        let [opening, written, elected, read] = captions;
        vec![
            c(1, vec![timeout(1)], opening),
            silent(
                100,
                vec![
                    act(Action::Partition(vec![
                        vec![s(1), s(2), s(3)],
                        vec![s(4), s(5)],
                    ])),
                    ask(5, 1, 1, put("x", "1")),
                ],
            ),
            c(200, vec![], written),
            silent(
                210,
                vec![act(Action::Crash(s(1))), act(Action::HealAll), timeout(4)],
            ),
            c(300, vec![], elected),
            silent(310, vec![ask(5, 2, 4, get("x"))]),
            c(400, vec![], read),
        ]
    };
    let mut steps = schedule([
        ("A teaching switch is on: a server votes for a candidate whatever its log, where Figure 2 requires the candidate's log to be at least as up to date as the voter's (§5.4.1). N1 was made to time out: it asks for votes for term 1.",
         "这里打开了一个教学开关：服务器投票时不看候选人的日志，而图 2 要求候选人的日志至少和投票者的一样新（§5.4.1）。这里让 N1 超时：它请求第 1 任期的选票。"),
        ("N1 leads term 1. Then the network split N1, N2 and N3 from N4 and N5, and client C1 wrote x = 1 through N1: N1, N2 and N3, a majority, store it at index 2, so N1 committed it and told C1 it is done. N4 and N5 do not have it.",
         "N1 是第 1 任期的领导者。随后网络把 N1、N2、N3 与 N4、N5 隔开，客户端 C1 通过 N1 写入 x = 1：N1、N2、N3 这个多数派在索引 2 处保存了它，于是 N1 提交了它，并告诉 C1 写入已完成。N4 和 N5 没有这个条目。"),
        ("N1 crashed and the network healed. N4 was made to time out and asked for votes for term 2. Its log ends at index 1, behind N2's and N3's, which hold x = 1 at index 2; with the switch they voted for it anyway, as did N5: N4 leads term 2. Its no-op of term 2 took index 2, and N2 and N3 discarded x = 1, a committed entry. The safety checks mark three rows broken: Leader Completeness, State Machine Safety, and Terms, votes and commit bounds (a committed entry was lost).",
         "N1 宕机，网络恢复。这里让 N4 超时，它请求第 2 任期的选票。它的日志只到索引 1，落后于在索引 2 处保存着 x = 1 的 N2、N3；但由于开关打开，N2、N3 仍然投票给了它，N5 也投了票：N4 成为第 2 任期的领导者。N4 第 2 任期的空操作条目占据了索引 2，N2 和 N3 丢弃了 x = 1 这个已提交的条目。安全性检查把三项标为被破坏：领导者完整性、状态机安全，以及任期、投票与提交边界（一个已提交的条目丢失了）。"),
        ("C2 read x from N4: no value, though C1's write x = 1 was done before C2 asked: no order of the operations explains this answer, Linearizability ✗.{{ The History tab shows why.}} Next, the same actions with the switch off.",
         "C2 从 N4 读取 x：没有值，而 C1 的写入 x = 1 在 C2 发出请求之前就已完成：没有任何操作次序能解释这个结果，线性一致性 ✗。{{“历史”标签页说明了原因。}}接下来，关闭教学开关重放同样的操作。"),
    ]);
    steps.push(step(0, vec![Do::Restart(without)],
        "The same actions with the teaching switch off, from time zero: a server votes only for a candidate whose log is at least as up to date as its own (the last entries' terms first; if they are equal, the longer log).",
        "关闭教学开关，从零时刻重放同样的操作：服务器只投票给日志至少和自己一样新的候选人（先比较最后一个条目的任期，任期相同时再比较索引）。"));
    steps.extend(schedule([
        ("", ""),
        ("", ""),
        ("As before, N1 crashed, the network healed and N4 asked for votes for term 2. Now N2 and N3 refused: the last entries are all of term 1, and N4's log ends at index 1, theirs at index 2, so N4's is less up to date. N4 has two votes of five, its own and N5's, and stays a candidate.",
         "和之前一样，N1 宕机，网络恢复，N4 请求第 2 任期的选票。这次 N2 和 N3 拒绝了：双方最后一个条目都属于第 1 任期，而 N4 的日志只到索引 1，它们的到索引 2，所以 N4 的日志不如它们的新。N4 只有五票中的两票（它自己的和 N5 的），仍是候选人。"),
        ("N4, only a candidate, told C2 it is not the leader.",
         "N4 只是候选人，它告诉 C2 自己不是领导者。"),
    ]));
    steps.push(silent(410, vec![timeout(2)]));
    steps.push(silent(500, vec![ask(5, 1, 2, get("x"))]));
    steps.push(step(600, vec![],
        "N2, which moved to term 2 on N4's request, was made to time out. Its log is as up to date as any, so N3, N4 and N5 voted for it and it leads term 3. C1 read x from it: 1. The committed entry survived the change of leader: every safety check passes, and the history is linearizable.",
        "N2 因 N4 的投票请求进入了第 2 任期；这里让它超时。它的日志不比任何服务器的日志旧，于是 N3、N4、N5 都投票给它，它成为第 3 任期的领导者。C1 从它那里读取 x，得到 1。这个已提交的条目在领导者更替后保留了下来：所有安全性检查都通过，历史是线性一致的。"));
    cluster_scenario(
        "stale-candidate",
        Caption::new("A candidate behind", "落后的候选人"),
        Concept::FaultTolerance,
        Caption::new(
            "A candidate behind: why a server votes only for a candidate whose log is at least as up to date as its own",
            "落后的候选人：为什么服务器只投票给日志至少和自己的一样新的候选人",
        ),
        1,
        with_switch,
        steps,
    )
}

fn majority_lost() -> Scenario {
    let two_clients = ClusterSpec {
        clients: 2,
        ..ClusterSpec::default()
    };
    let read_x = Do::Request {
        client: 2,
        op: Op::Get { key: "x".into() },
    };
    cluster_scenario(
        "majority-lost",
        Caption::new("The majority is lost", "失去多数派"),
        Concept::FaultTolerance,
        Caption::new("The majority is lost: nothing commits", "失去多数派：什么都无法提交"),
        3,
        two_clients,
        vec![
            silent(600, vec![write("x", "1")]),
            step(700,  vec![],
                "N3 leads term 1, and the client's write x = 1 committed on a majority.",
                "N3 是第 1 任期的领导者，客户端写入的 x = 1 已在多数派上提交。"),
            step(900, vec![Do::CrashFollower, Do::CrashFollower],
                "N1 and N2 crashed. Three of five servers are up: still a majority.",
                "N1 和 N2 宕机。五台服务器中还有三台在运行：仍是多数派。"),
            silent(1000, vec![write("y", "2")]),
            step(1100, vec![],
                "The client wrote y = 2: N3, N4 and N5 stored it, a majority of three, so it committed and the client got its answer.",
                "客户端写入 y = 2：N3、N4、N5 保存了它，三台服务器构成多数派，所以它已提交，客户端收到了回复。"),
            step(1300, vec![Do::CrashFollower],
                "N4 crashed too. Two of five servers are up: that is no longer a majority.",
                "N4 也宕机了。五台服务器中只剩两台在运行：不再是多数派。"),
            silent(1400, vec![write("z", "3"), read_x]),
            step(1500, vec![],
                "Client C1 writes z = 3 and client C2 reads x. N3, still leader, appended both and sent them to N5, but two copies are not a majority: neither commits and neither client gets an answer. Reads wait too: here a read goes through the log like a write, so the leader answers it only once it commits.",
                "客户端 C1 写入 z = 3，客户端 C2 读取 x。仍是领导者的 N3 追加了这两个请求并发给 N5，但两份副本不是多数派：两者都无法提交，两个客户端都得不到回复。读也要等待：这里读请求和写请求一样经过日志，只有提交后领导者才会回复。"),
            step(3000, vec![],
                "1.5 s later, still nothing has committed. The clients, getting no answer, keep trying other servers, which are down or send them back to N3. Raft gives up availability here, not consistency: it answers nothing rather than something a majority has not stored.",
                "1.5 秒后，仍然没有任何条目提交。客户端收不到回复，不断改试其他服务器，而那些服务器要么已宕机，要么把它们指回 N3。Raft 在这里牺牲的是可用性，而不是一致性：它宁可不回答，也不给出未经多数派保存的结果。"),
            step(3100, vec![Do::Act(Action::Restart(NodeId(0)))],
                "N1 restarted: three of five servers are up again.",
                "N1 重启：五台服务器中又有三台在运行了。"),
            step(3400, vec![],
                "N3 brought N1's log up to date, so z = 3 and the read are stored on a majority: N3 committed them and answered, z = 3 done and x = 1. Availability returned with the majority, and nothing was lost.",
                "N3 让 N1 的日志追了上来，于是 z = 3 和读请求都已由多数派保存：N3 提交了它们并作出回复：z = 3 写入完成，x = 1。可用性随多数派一起恢复，没有丢失任何数据。"),
        ],
    )
}

fn leadership_transfer() -> Scenario {
    let two_clients = ClusterSpec {
        clients: 2,
        ..ClusterSpec::default()
    };
    cluster_scenario(
        "leadership-transfer",
        Caption::new("Leadership transfer", "领导权转移"),
        Concept::FaultTolerance,
        Caption::new("Leadership transfer: handing over without an election timeout", "领导权转移：无需等待选举超时的交接"),
        3,
        two_clients,
        vec![
            step(500, vec![],
                "N3 leads term 1.",
                "N3 是第 1 任期的领导者。"),
            silent(600, vec![write("x", "1")]),
            step(612, vec![Do::TransferLeadership],
                "N3 is asked to hand leadership over to N1, say before N3 is taken down for maintenance. Client C1 has just sent the write x = 1, and N1 has not yet confirmed that entry, so N3 first sends it what it lacks. Until the handover ends, N3 takes no new requests.",
                "N3 被要求把领导权交给 N1，比如在 N3 停机维护之前。客户端 C1 刚发来写入 x = 1，N1 还没有确认这个条目，所以 N3 先把它缺少的条目发给它。在交接结束之前，N3 不再接收新请求。"),
            silent(620, vec![Do::Request { client: 2, op: put("y", "2") }]),
            step(660, vec![],
                "N1 confirmed that it has every entry, so N3 sent it TimeoutNow: N1 started an election for term 2 at once, without waiting for its timer. Meanwhile N3 committed x = 1 and answered client C1, and turned away client C2's new write y = 2.",
                "N1 确认自己已拥有全部条目，于是 N3 向它发送 TimeoutNow：N1 立即发起第 2 任期的选举，无需等待计时器。与此同时，N3 提交了 x = 1 并回复了客户端 C1，同时拒绝了客户端 C2 的新写入 y = 2。"),
            step(900, vec![],
                "N1 won term 2, and N3 stepped down when it saw the new term. From the request to the new leader took less than 100 ms, shorter than even the shortest election timeout (150 ms) that noticing a crash would take. C2 retried y = 2 with N1, where it committed.",
                "N1 赢得第 2 任期，N3 看到新任期后下台。从发出请求到新领导者就位用时不到 100 毫秒，比发现宕机所需的最短选举超时（150 毫秒）还短。C2 向 N1 重试 y = 2，并在那里提交。"),
        ],
    )
}

fn write_before_reply() -> Scenario {
    // Five servers whose disks take 40 ms a write, 5 ms messages, no spontaneous elections,
    // a client that does not retry within the story.
    let with_switch = ClusterSpec {
        election_min_us: 5_000_000,
        election_max_us: 6_000_000,
        latency_min_us: 5_000,
        latency_max_us: 5_000,
        disk_write_us: 40_000,
        client_retry_us: 10_000_000,
        breaks: Breaks {
            reply_before_write: true,
            ..Breaks::default()
        },
        ..ClusterSpec::default()
    };
    let without = ClusterSpec {
        breaks: Breaks::default(),
        ..with_switch.clone()
    };
    let s = |i: u8| NodeId(i - 1);
    let act = Do::Act;
    let timeout = |i: u8| act(Action::Input(s(i), Input::Timeout));
    let crash = |i: u8| act(Action::Crash(s(i)));
    let restart = |i: u8| act(Action::Restart(s(i)));
    let c1 = NodeId(5);
    // The schedule, played twice: with the switch on, then off.
    let schedule = |on: bool| -> Vec<Step> {
        let c = |en: &str, zh: &str, at: u64, actions: Vec<Do>| {
            if on {
                step(at, actions, en, zh)
            } else {
                silent(at, actions)
            }
        };
        vec![
            c("Five servers whose disks take 40 ms to write. A teaching switch is on: a server answers vote requests and AppendEntries as soon as its term, vote or log has changed in memory, before the write to disk completes; Figure 2 says to answer only after. N1 was made to time out: it asks for votes for term 1.",
              "五台服务器，每次写磁盘需要 40 毫秒。这里打开了一个教学开关：服务器的任期、投票或日志在内存中一改变，就立即回复投票请求和 AppendEntries，不等写盘完成；而图 2 要求写完之后才回复。这里让 N1 超时：它请求第 1 任期的选票。",
              1, vec![timeout(1)]),
            silent(100, vec![act(Action::Input(c1, Input::SubmitTo(s(1), put("x", "1"))))]),
            c("N1 leads term 1. Client C1 asked N1 to write x = 1: N2 to N5 answered at once that they store it, so N1 committed it, applied it and told C1 it is done{{ (a solid bar in the History tab)}}. Yet no follower's disk has finished writing it (the badge beside each server).",
              "N1 是第 1 任期的领导者。客户端 C1 请求 N1 写入 x = 1：N2 到 N5 立即回复说已经保存，于是 N1 提交并应用了它，随后告诉 C1 写入已完成{{（“历史”标签页中为实线条形）}}。可是还没有一台跟随者把它写入磁盘（见各服务器旁的磁盘标记）。",
              125, vec![]),
            silent(147, (1..=5).map(crash).collect()),
            c("A power cut took all five servers down at t = 147 ms. N1 had just finished writing x = 1; the others had not, and they restarted without it[[ (their logs end at index 1)]]{{; the Events tab says what each lost}}. N1 stays down.",
              "t = 147 毫秒时一次断电让五台服务器全部宕机。N1 刚刚写完 x = 1，其他服务器还没有，它们重启后已没有这个条目[[（它们的日志止于索引 1）]]{{；“事件”标签页写明了每台服务器丢失了什么}}。N1 仍处于宕机状态。",
              148, (2..=5).map(restart).collect()),
            silent(150, vec![timeout(2)]),
            c("N2 was made to time out and won term 2 with the votes of N3, N4 and N5: like N2, none of them has x = 1 any more, so N2's log looks up to date to them, although x = 1 was committed. The new leader lacks a committed entry: Leader Completeness ✗. Its no-op of term 2 then committed at index 2, where x = 1 was: State Machine Safety ✗, and Terms, votes and commit bounds ✗.",
              "这里让 N2 超时，它凭 N3、N4、N5 的选票赢得第 2 任期：和 N2 一样，它们都已没有 x = 1，所以在它们看来 N2 的日志足够新，尽管 x = 1 已被提交。新领导者缺少一个已提交的条目：领导者完整性 ✗。随后它第 2 任期的空操作条目在索引 2 处提交，那里原本是 x = 1：状态机安全 ✗，“任期、投票与提交边界”也 ✗。",
              300, vec![]),
            silent(310, vec![restart(1)]),
            c("N1 restarted with x = 1 at index 2. N2's log has its term 2 no-op there, and N1 replaced its entry with the leader's: x = 1 is in no log now, though C1 was told it was done.",
              "N1 重启，它的索引 2 处是 x = 1。N2 的日志在那里是第 2 任期的空操作条目，N1 用领导者的条目替换了自己的：x = 1 已不在任何日志中，而 C1 曾被告知写入已完成。",
              500, vec![]),
        ]
    };
    let mut steps = schedule(true);
    steps.push(step(0, vec![Do::Restart(without)],
        "Next, the same actions with the switch off, from time zero: every vote and every acknowledgement now waits until what it reports is on disk.",
        "接下来关闭教学开关，从零时刻重放同样的操作：每张选票和每个确认都要等它所报告的内容写入磁盘之后才发出。"));
    let mut e = schedule(false);
    e[2] = step(125, vec![],
        "N1 leads term 1, a little later: each vote waited for its write. C1 asked N1 to write x = 1, and N2 to N5 are writing it to disk; none has answered yet, so it is not committed and C1 is still waiting.",
        "N1 是第 1 任期的领导者，当选稍晚一些：每张选票都等到写盘之后才发出。C1 请求 N1 写入 x = 1，N2 到 N5 正在把它写入磁盘；它们都还没有回复，所以它尚未提交，C1 仍在等待。");
    e[4] = step(148, (2..=5).map(restart).collect(),
        "The same power cut at t = 147 ms: N2 to N5 come back without x = 1 again, but they had not answered, so no one counted their copies.",
        "同样在 t = 147 毫秒断电：N2 到 N5 重启后依然没有 x = 1，但它们当时还没有回复，所以没有人算上它们的副本。");
    e[8] = step(500, vec![],
        "N2 won term 2 as before and N1's x = 1 was replaced again. This time x = 1 had never been committed, and C1 was never told it was done: it is still waiting for an answer. Every safety check passes.",
        "N2 和之前一样赢得第 2 任期，N1 的 x = 1 再次被替换。但这一次 x = 1 从未被提交，C1 也从未被告知写入完成：它仍在等待回复。所有安全性检查都通过。");
    steps.extend(e);
    cluster_scenario(
        "write-before-reply",
        Caption::new("Write before replying", "先写盘再回复"),
        Concept::FaultTolerance,
        Caption::new(
            "Why a server writes to disk before it answers",
            "为什么服务器要先写盘再回复",
        ),
        1,
        with_switch,
        steps,
    )
}

// ---- Consistency: one history, whatever fails ----

fn partition() -> Scenario {
    cluster_scenario(
        "partition",
        Caption::new("A partition", "网络分区"),
        Concept::Consistency,
        Caption::new("A partition: the minority leader cannot commit", "网络分区：少数派一侧的领导者无法提交"),
        2,
        ClusterSpec::default(),
        vec![
            step(600, vec![],
                "N4 leads term 1 and replicates to everyone.",
                "N4 是第 1 任期的领导者，正向所有服务器复制日志。"),
            step(650, vec![Do::PartitionLeaderMinority, write("x", "1")],
                "The network split: the leader N4 and N1 on one side, N2, N3 and N5 on the other. The client sends write x = 1 to N4.",
                "网络分区：领导者 N4 和 N1 在一边，N2、N3、N5 在另一边。客户端向 N4 发送写入 x = 1。"),
            step(2000, vec![],
                "N4 appended x = 1, but only N4 and N1 store it: 2 of 5 is no majority, so it cannot commit[[ (hatched)]]. On the majority side N5 was elected for term 2; the client, getting no answer, retried with N5, and x = 1 committed there in term 2. N4 still believes it leads term 1: nobody could tell it otherwise.",
                "N4 追加了 x = 1，但只有 N4 和 N1 保存了它：5 台中的 2 台不是多数派，所以无法提交[[（带斜线）]]。在多数派一侧，N5 当选第 2 任期的领导者；客户端没有收到回复，就向 N5 重试，x = 1 在第 2 任期中提交。N4 仍以为自己是第 1 任期的领导者：没有谁能告诉它实情。"),
            step(2050, vec![Do::Act(Action::HealAll)],
                "The partition healed. For a moment there are two leaders, of different terms; only N5, of the higher term, can commit anything.",
                "分区恢复。此刻存在两个领导者，但任期不同；只有任期更高的 N5 能提交条目。"),
            step(3500, vec![],
                "N4 heard term 2 and stepped down. The uncommitted x = 1 of term 1 on N4 and N1 was overwritten with N5's entries, and every log now matches the leader's.",
                "N4 得知第 2 任期后下台。N4 和 N1 上那个未提交的第 1 任期条目 x = 1 被 N5 的条目覆盖，现在所有日志都与领导者的一致。"),
        ],
    )
}

fn log_repair() -> Scenario {
    let three_clients = ClusterSpec {
        clients: 3,
        ..ClusterSpec::default()
    };
    let mut steps = vec![
        step(600, vec![],
            "N3 leads term 1; every log holds its no-op. This story follows the paper's Figure 7: a follower whose log both conflicts with the leader's and lacks many entries.",
            "N3 是第 1 任期的领导者；每个日志里都有它的空操作条目。这个故事对应论文的图 7：一个跟随者的日志既与领导者冲突，又缺少许多条目。"),
        step(
            650,
            vec![
                Do::IsolateLeader,
                Do::Request { client: 1, op: put("a", "1") },
                Do::Request { client: 2, op: put("b", "1") },
                Do::Request { client: 3, op: put("c", "1") },
            ],
            "The leader N3 was cut off from everyone. Three clients send it writes, a = 1, b = 1 and c = 1: on its side of the cut it is still leader, so it will take them.",
            "领导者 N3 与其他所有服务器断开。三个客户端分别向它发送写入 a = 1、b = 1 和 c = 1：在被隔离的这一侧它仍是领导者，所以会接收这些请求。",
        ),
        step(1000, vec![],
            "N3 appended the three writes in term 1, but they cannot reach anyone: uncommitted, in N3's log alone. The other four elected N2 for term 2.",
            "N3 在第 1 任期追加了这三个写入，但它们无法到达任何服务器：未提交，只存在于 N3 的日志中。其余四台服务器选出 N2 作为第 2 任期的领导者。"),
    ];
    for i in 0..20u64 {
        steps.push(silent(
            1000 + i,
            vec![write(["x", "y", "z"][i as usize % 3], &(i + 1).to_string())],
        ));
    }
    steps.push(step(2500, vec![],
        "The clients got no answer from N3 and retried with N2, which committed a, b and c in term 2, then 20 more writes. N3's log now conflicts with the others at indices 2 to 4 (term 1 against term 2) and lacks 21 entries.",
        "客户端没有收到 N3 的回复，于是向 N2 重试；N2 在第 2 任期提交了 a、b、c，之后又提交了 20 个写入。N3 的日志现在在索引 2 到 4 处与其他服务器冲突（第 1 任期对第 2 任期），并且缺少 21 个条目。"));
    steps.push(step(
        2550,
        vec![Do::CrashLeader],
        "The leader N2 crashed.",
        "领导者 N2 宕机。",
    ));
    steps.push(step(3000, vec![],
        "N5 won term 3 with the votes of N1 and N4. A new leader knows nothing about its followers' logs: it assumes they match its own and sets every follower's nextIndex to 26, just after the last entry it had when it won. N3 included, whose log it has never seen.",
        "N5 凭 N1 和 N4 的选票赢得第 3 任期。新领导者对跟随者的日志一无所知：它假定这些日志与自己的一致，把每个跟随者的 nextIndex 都设为 26，即它当选时最后一个条目的下一个位置。N3 也不例外，尽管 N5 从未见过它的日志。"));
    steps.push(step(
        3050,
        vec![Do::Act(Action::HealAll)],
        "The network healed: N3 can hear the others again.",
        "网络恢复：N3 又能与其他服务器通信了。",
    ));
    steps.push(step(3150, vec![],
        "N3 heard term 3 and stepped down. N5's AppendEntries failed twice. First N3 had no entry at index 25 and said its log ends at 4, so N5 moved nextIndex back to 5. Then N3's entry at index 4 was from term 1, not term 2: N3 rejected it again and said where its term 1 begins, index 1.",
        "N3 得知第 3 任期后下台。N5 的 AppendEntries 两次被拒绝。第一次，N3 在索引 25 处没有条目，并告知它的日志只到索引 4，于是 N5 把 nextIndex 回退到 5。第二次，N3 在索引 4 处的条目属于第 1 任期而不是第 2 任期：N3 再次拒绝，并告知它的第 1 任期从索引 1 开始。"));
    steps.push(step(3300, vec![],
        "N5 skipped N3's whole term 1 at once (nextIndex 2) and sent entries 2 to 17 in one AppendEntries, 16, the most one message carries; they replaced N3's three conflicting entries{{ (the Events tab says so)}}. A second message brought 18 to 26. N3's log now matches N5's; its three term-1 writes are gone, but they were never committed, and their clients got their answers from N2.",
        "N5 一次跳过了 N3 的整个第 1 任期（nextIndex 变为 2），并用一条 AppendEntries 发送了索引 2 到 17 的条目，共 16 个，这是一条消息能携带的上限；它们替换了 N3 上三个冲突的条目{{（“事件”标签页里有记录）}}。第二条消息带来了索引 18 到 26。N3 的日志现在与 N5 的一致；它那三个第 1 任期的写入已被删除，但它们从未提交过，发出这些写入的客户端已从 N2 那里得到了回复。"));
    cluster_scenario(
        "log-repair",
        Caption::new("Log repair", "日志修复"),
        Concept::Consistency,
        Caption::new(
            "Log repair: conflicting entries and a follower far behind",
            "日志修复：冲突的条目与远远落后的跟随者",
        ),
        6,
        three_clients,
        steps,
    )
}

fn figure_8() -> Scenario {
    // The paper's Figure 8, scripted exactly: no spontaneous elections (long timeouts), fixed
    // 10 ms latency, clients that do not retry, one client per leader of the story.
    let with_switch = ClusterSpec {
        election_min_us: 5_000_000,
        election_max_us: 6_000_000,
        latency_min_us: 10_000,
        latency_max_us: 10_000,
        clients: 2,
        client_retry_us: 10_000_000,
        breaks: Breaks {
            commit_old_terms_by_count: true,
            ..Breaks::default()
        },
        ..ClusterSpec::default()
    };
    let without = ClusterSpec {
        breaks: Breaks::default(),
        ..with_switch.clone()
    };
    let s = |i: u8| NodeId(i - 1);
    let act = Do::Act;
    let (c1, c2) = (NodeId(5), NodeId(6));
    let timeout = |i: u8| act(Action::Input(s(i), Input::Timeout));
    let cut_s5: Vec<Do> = [s(2), s(3), s(4)]
        .into_iter()
        .map(|to| act(Action::Cut { from: s(5), to }))
        .collect();
    // The schedule, played twice: with the switch on (a)–(d), then off (e).
    let schedule = |on: bool| -> Vec<Step> {
        let c = |en: &str, zh: &str, at: u64, actions: Vec<Do>| {
            if on {
                step(at, actions, en, zh)
            } else {
                silent(at, actions)
            }
        };
        vec![
            c("The Raft paper's Figure 8, step by step. A teaching switch is on: a leader counts an entry as committed as soon as a majority stores it, even an entry of an earlier term, and a new leader does not append its usual no-op entry (the figure has none). To start where the paper starts, with an entry of term 1 at index 1 on every server, N2 was made to time out: it asks for votes for term 1.",
              "Raft 论文的图 8，一步一步演示。这里打开了一个教学开关：只要多数派保存了某个条目，领导者就把它计为已提交，即使它来自更早的任期；同时新领导者也不再追加通常的空操作条目（原图中没有）。为了像论文一样从“每台服务器的索引 1 处都有一个第 1 任期的条目”开始，这里让 N2 超时：它请求第 1 任期的选票。",
              1, vec![timeout(2)]),
            silent(100, vec![act(Action::Input(c1, Input::SubmitTo(s(2), put("x", "0"))))]),
            c("N2 leads term 1 and committed x = 0 at index 1 on every server. This is where the paper's figure starts; the terms from here on are the paper's.",
              "N2 是第 1 任期的领导者，x = 0 已保存在每台服务器的索引 1 处并已提交。论文的图就从这里开始；接下来的任期编号与论文一致。",
              200, vec![]),
            silent(210, vec![timeout(1)]),
            silent(300, vec![
                act(Action::Partition(vec![vec![s(1), s(2)], vec![s(3), s(4), s(5)]])),
                act(Action::Input(c1, Input::SubmitTo(s(1), put("x", "A")))),
            ]),
            c("(a) N1 won term 2. Then the network split N1 and N2 from N3, N4 and N5, and N1 appended x = A at index 2: only N2 received it.",
              "（a）N1 赢得第 2 任期。随后网络把 N1、N2 与 N3、N4、N5 隔开；N1 在索引 2 处追加了 x = A，只有 N2 收到。",
              400, vec![]),
            silent(410, vec![act(Action::Crash(s(1))), act(Action::HealAll), timeout(5)]),
            silent(425, cut_s5.clone()),
            silent(430, vec![act(Action::Input(c2, Input::SubmitTo(s(5), put("x", "B"))))]),
            c("(b) N1 crashed and the network healed. N5 won term 3 with the votes of N3 and N4 (N2 refused: its last entry is newer than N5's). N5 accepted x = B at index 2, but its links to N2, N3 and N4 are cut (and N1 is down): B is in N5's log alone.",
              "（b）N1 宕机，网络恢复。N5 凭 N3、N4 的选票赢得第 3 任期（N2 拒绝了：它的最后一个条目比 N5 的新）。N5 在索引 2 处接受了 x = B，但它发往 N2、N3、N4 的链路都被切断（N1 已宕机）：B 只存在于 N5 的日志中。",
              500, vec![]),
            silent(510, vec![act(Action::Crash(s(5))), act(Action::HealAll), act(Action::Restart(s(1)))]),
            silent(511, vec![timeout(1)]),
            silent(600, vec![timeout(1)]),
            c("(c) N5 crashed and N1 restarted. Its first try, term 3, failed (N3 and N4 had voted in term 3), then it won term 4. It copied A, of term 2, to N3 and N4: A is now on a majority. Raft would not count A as committed yet, because it is not from N1's own term 4; with the switch on, N1 did, and the servers applied x = A.",
              "（c）N5 宕机，N1 重启。它第一次尝试第 3 任期失败了（N3、N4 已在第 3 任期投过票），随后赢得第 4 任期。它把第 2 任期的 A 复制到 N3 和 N4：A 现在已在多数派上。Raft 此时还不会把 A 计为已提交，因为它不属于 N1 自己的第 4 任期；但开关打开时 N1 这样做了，各服务器也应用了 x = A。",
              700, vec![]),
            silent(710, vec![act(Action::Crash(s(1))), act(Action::Restart(s(5)))]),
            silent(711, vec![timeout(5)]),
            silent(800, vec![timeout(5)]),
            c("(d) N1 crashed and N5 restarted. N5's last entry is from term 3, newer than A's term 2, so N2, N3 and N4 voted for it in term 5 (its first try, term 4, failed: they had voted for N1). N5 then overwrote A with B on every running server (only N1, down, still holds it): an entry counted as committed is gone. The safety checks mark three rows broken: Leader Completeness, State Machine Safety, and Terms, votes and commit bounds (a committed entry was lost).",
              "（d）N1 宕机，N5 重启。N5 的最后一个条目来自第 3 任期，比 A 的第 2 任期新，所以 N2、N3、N4 在第 5 任期投票给它（它第一次尝试第 4 任期时失败了：这些服务器已投票给 N1）。随后 N5 在所有运行中的服务器上用 B 覆盖了 A（只有宕机的 N1 还保存着它）：一个已计为提交的条目消失了。安全性检查把三项标为被破坏：领导者完整性、状态机安全，以及任期、投票与提交边界（一个已提交的条目丢失了）。",
              900, vec![]),
        ]
    };
    let mut steps = schedule(true);
    steps.push(step(1000, vec![],
        "The state machines disagree on index 2: N2, N3 and N4 applied x = A before it was overwritten, N5 applied x = B. This is the loss Raft's real rule prevents; next, the same schedule with the rule restored.",
        "各状态机在索引 2 上不一致：N2、N3、N4 在 A 被覆盖之前应用了 x = A，而 N5 应用的是 x = B。Raft 真正的规则正是为了防止这种丢失；接下来，用恢复了规则的集群重放同样的过程。"));
    steps.push(step(0, vec![Do::Restart(without)],
        "(e) The same actions with the teaching switch off, from time zero. The real rule: an entry of the leader's own term that a majority stores is committed, and with it every entry before it; and every new leader starts with a no-op of its own term. The no-ops shift the indices; the terms stay the paper's.",
        "（e）关闭教学开关，从零时刻重放同样的操作。真正的规则是：领导者本任期的条目一旦由多数派保存即为已提交，它之前的所有条目也随之提交；并且每个新领导者都先追加一个本任期的空操作条目。这些空操作条目使索引有所变化，任期编号仍与论文一致。"));
    let mut e = schedule(false);
    e[13] = step(700, vec![],
        "As in (c), N1 restarted, won term 4 and copied A to N3 and N4. But A was not committed on its own: it committed together with N1's no-op of term 4, once that no-op was on a majority (N1 to N4).",
        "和（c）一样，N1 重启，赢得第 4 任期，并把 A 复制到 N3 和 N4。但 A 没有被单独提交：直到 N1 第 4 任期的空操作条目保存到多数派（N1 到 N4）上，A 才和它一起提交。");
    e[17] = step(900, vec![],
        "As in (d), N1 crashed and N5 restarted and asked for votes, for term 4 (they had already voted in it) and then term 5. Now N2, N3 and N4 refused: their last entry, the no-op of term 4, is newer than N5's of term 3. N5 cannot win, A stays committed, and every safety check passes.",
        "和（d）一样，N1 宕机，N5 重启并请求投票：先是第 4 任期（其他服务器已在该任期投过票），然后是第 5 任期。这次 N2、N3、N4 都拒绝了：它们的最后一个条目是第 4 任期的空操作条目，比 N5 第 3 任期的条目新。N5 无法当选，A 保持已提交，所有安全性检查都通过。");
    steps.extend(e);
    cluster_scenario(
        "figure-8",
        Caption::new("Figure 8", "图 8"),
        Concept::Consistency,
        Caption::new(
            "Figure 8: why a leader commits only its own term's entries by counting",
            "图 8：为什么领导者只按副本数提交本任期的条目",
        ),
        5,
        with_switch,
        steps,
    )
}

// ---- Network: a node cut off, a leader cut off ----

fn pre_vote() -> Scenario {
    let with = ClusterSpec {
        pre_vote: true,
        ..ClusterSpec::default()
    };
    cluster_scenario(
        "pre-vote",
        Caption::new("Pre-Vote", "预投票"),
        Concept::Network,
        Caption::new("A rejoining server disrupts the cluster, unless Pre-Vote is on", "重新加入的服务器会扰乱集群，除非打开预投票"),
        4,
        ClusterSpec::default(),
        vec![
            step(800, vec![],
                "N1 leads term 1. Pre-Vote is off.",
                "N1 是第 1 任期的领导者。预投票关闭。"),
            step(850, vec![Do::IsolateFollower],
                "N2 was cut off from everyone.",
                "N2 与其他所有服务器断开。"),
            step(2950, vec![],
                "Hearing no heartbeats, N2's timer ran out again and again, and each time it started an election for a higher term that nobody could hear. It is at term 10 now; the others are still in term 1.",
                "收不到心跳，N2 的计时器一次又一次到期，每次它都为更高的任期发起选举，却没有任何服务器能收到。它现在处于第 10 任期，其他服务器仍在第 1 任期。"),
            step(3000, vec![Do::Act(Action::HealAll)],
                "The network healed: N2 rejoins with term 11, far above the cluster's term 1.",
                "网络恢复：N2 带着第 11 任期重新加入，远高于集群的第 1 任期。"),
            step(4200, vec![],
                "N1 heard term 11 and stepped down, though nothing was wrong with it. The cluster held an election and N2 now leads term 12: one node that was cut off disrupted everyone.",
                "N1 得知第 11 任期后下台，尽管它本身没有任何问题。集群重新选举，现在由 N2 担任第 12 任期的领导者：一台曾被隔离的服务器扰乱了整个集群。"),
            step(0, vec![Do::Restart(with)],
                "The same steps with Pre-Vote on, from time zero: before raising its term, a server first asks whether it could win. The random timeouts come out differently, so the leader and the cut-off follower are other servers.",
                "打开预投票，从零时刻重演同样的步骤：服务器在增加任期之前，先询问自己能否胜选。计时器随机出的时长与上次不同，所以领导者和被隔离的跟随者换成了别的服务器。"),
            step(800, vec![],
                "This time N5 leads term 1: it won a pre-vote first, then the election.",
                "这次由 N5 担任第 1 任期的领导者：它先赢得预投票，再赢得正式选举。"),
            step(850, vec![Do::IsolateFollower],
                "This time the follower cut off from everyone is N1.",
                "这次与其他所有服务器断开的跟随者是 N1。"),
            step(2950, vec![],
                "Each time its timer ran out, N1 started a pre-vote for term 2 instead of an election. Its requests are lost on the cut links, so nobody can say yes, and its own term stays 1.",
                "每次计时器到期，N1 发起的都是第 2 任期的预投票，而不是正式选举。它的请求在被切断的链路上被丢弃，没有服务器能同意，所以它自己的任期一直是 1。"),
            step(3000, vec![Do::Act(Action::HealAll)],
                "The network healed: N1 rejoins with term 1, the cluster's own term.",
                "网络恢复：N1 带着第 1 任期重新加入，与集群的任期相同。"),
            step(4200, vec![],
                "The leader's next heartbeat reached N1 and it simply follows N5: same leader, same term, no disruption.",
                "领导者的下一次心跳到达 N1，它直接跟随 N5：领导者不变，任期不变，没有扰乱。"),
        ],
    )
}

fn check_quorum() -> Scenario {
    let with = ClusterSpec {
        check_quorum: true,
        ..ClusterSpec::default()
    };
    cluster_scenario(
        "check-quorum",
        Caption::new("CheckQuorum", "多数派检查"),
        Concept::Network,
        Caption::new("CheckQuorum: a cut-off leader steps down by itself", "多数派检查：被隔离的领导者主动下台"),
        2,
        with,
        vec![
            step(600, vec![],
                "CheckQuorum is on: a leader keeps count of which followers answer it. N4 leads term 1.",
                "多数派检查（CheckQuorum）已打开：领导者会记录哪些跟随者回应了它。N4 是第 1 任期的领导者。"),
            step(650, vec![Do::IsolateLeader],
                "The leader N4 was cut off from everyone. For now it is still leader: it cannot yet tell a cut network from slow followers.",
                "领导者 N4 与其他所有服务器断开。目前它仍是领导者：它还无法区分网络被切断和跟随者响应较慢。"),
            step(1030, vec![],
                "Among the other four, N5 won the election for term 3 (term 2 ended in a split vote). N4 still leads term 1 on its own: two leaders, of different terms.",
                "在其余四台服务器中，N5 赢得了第 3 任期的选举（第 2 任期因选票瓜分未能选出）。N4 仍独自担任第 1 任期的领导者：出现了两个任期不同的领导者。"),
            step(1100, vec![],
                "N4 heard from no majority for a whole election timeout, so it stepped down by itself, still in term 1: nobody had to tell it about term 3. Without CheckQuorum it would stay leader until the network heals, as in the partition scenario.",
                "N4 在整整一个选举超时内都没有收到多数派的回应，于是主动下台，此时它仍处于第 1 任期：不需要别人告诉它第 3 任期的存在。如果没有多数派检查，它会一直当领导者，直到网络恢复，就像网络分区场景中那样。"),
            step(1150, vec![Do::Act(Action::HealAll)],
                "The network healed.",
                "网络恢复。"),
            step(1300, vec![],
                "N5's heartbeat reached N4: it adopted term 3 and follows N5, without another election.",
                "N5 的心跳到达 N4：N4 采用第 3 任期并跟随 N5，无需再次选举。"),
        ],
    )
}

// ---- Consistency: reads without the log (thesis §6.4) ----

/// Five servers and two clients: C1 reads by `read`, C2 writes.
fn two_clients(read: ReadPath) -> ClusterSpec {
    ClusterSpec {
        clients: 2,
        setups: vec![ClientSetup { read, load: None }],
        ..ClusterSpec::default()
    }
}

fn get(key: &str) -> Op {
    Op::Get { key: key.into() }
}

/// Client `client` (from 1) sends `op` to server `server` (from 1), whoever leads.
fn ask(servers: u8, client: u8, server: u8, op: Op) -> Do {
    Do::Act(Action::Input(
        NodeId(servers + client - 1),
        Input::SubmitTo(NodeId(server - 1), op),
    ))
}

fn stale_read() -> Scenario {
    let spec = ClusterSpec {
        breaks: Breaks {
            unconfirmed_reads: true,
            ..Breaks::default()
        },
        ..two_clients(ReadPath::ReadIndex)
    };
    cluster_scenario(
        "stale-read",
        Caption::new("A stale read", "过期读取"),
        Concept::Consistency,
        Caption::new(
            "A stale read from a deposed leader",
            "被取代的领导者返回过期数据",
        ),
        2,
        spec,
        deposed_leader_steps(STALE_CAPTIONS),
    )
}

fn read_index() -> Scenario {
    cluster_scenario(
        "read-index",
        Caption::new("ReadIndex", "ReadIndex 读取"),
        Concept::Consistency,
        Caption::new(
            "ReadIndex: a leader confirms before it reads",
            "ReadIndex：领导者先确认身份再读取",
        ),
        2,
        two_clients(ReadPath::ReadIndex),
        deposed_leader_steps(READ_INDEX_CAPTIONS),
    )
}

const STALE_CAPTIONS: [(&str, &str); 5] = [
    ("N4 leads term 1. Client C1 uses ReadIndex for reads, and the teaching switch \"Leader reads without confirming\" is on: a leader answers reads from its own state at once.",
     "N4 是第 1 任期的领导者。客户端 C1 使用 ReadIndex 读取，且教学开关“领导者不确认身份就回答读请求”已打开：领导者会立即用本地状态回答读请求。"),
    (CUT_OFF.0, CUT_OFF.1),
    (ELECTED.0, ELECTED.1),
    (WRITTEN.0, WRITTEN.1),
    ("N4 still believes it leads term 1 and answered at once from its own state: x has no value. But x = 1 had completed before C1 asked, so no order of the operations explains this answer: Linearizability ✗.{{ The History tab shows why.}}",
     "N4 仍以为自己是第 1 任期的领导者，立即用本地状态回答：x 没有值。但 x = 1 在 C1 发出请求之前就已完成，没有任何操作次序能解释这个回答：线性一致性 ✗。{{“历史”标签页说明了原因。}}"),
];

const READ_INDEX_CAPTIONS: [(&str, &str); 5] = [
    ("N4 leads term 1. Client C1 uses ReadIndex for reads: before answering, the leader notes its commit index, confirms with a round of heartbeats that a majority still follows it, then waits until it has applied up to that index.",
     "N4 是第 1 任期的领导者。客户端 C1 使用 ReadIndex 读取：回答之前，领导者先记下提交索引，再用一轮心跳确认多数派仍跟随它，并等状态机应用到该索引后才回答。"),
    (CUT_OFF.0, CUT_OFF.1),
    (ELECTED.0, ELECTED.1),
    (WRITTEN.0, WRITTEN.1),
    ("N4 started a heartbeat round to confirm the read, but no follower can answer it, so N4 never answered from its old state. After 400 ms without an answer C1 asked N5, whose round of heartbeats succeeded: x = 1. Every answer fits one order: Linearizability ✓.",
     "N4 发起一轮心跳来确认这次读取，但没有跟随者能回应，所以 N4 始终没有用旧状态回答。C1 等待 400 毫秒未获回复，转而询问 N5；N5 的那轮心跳确认成功：x = 1。所有回答都符合同一个顺序：线性一致性 ✓。"),
];

const CUT_OFF: (&str, &str) = (
    "N4 is cut off from the other servers; the clients still reach it.",
    "N4 与其他服务器断开连接；客户端仍能访问它。",
);
const ELECTED: (&str, &str) = (
    "The other four elected N5 for term 2. Client C2 sends write x = 1 to N5.",
    "其余四台服务器选出 N5 作为第 2 任期的领导者。客户端 C2 向 N5 发送写入 x = 1。",
);
const WRITTEN: (&str, &str) = (
    "x = 1 committed on N5's side and C2 has its answer: the write is complete. Now C1 asks N4 to read x.",
    "x = 1 已在 N5 一侧提交，C2 收到了回复：写入已完成。现在 C1 请 N4 读取 x。",
);

/// The same story twice: N4 leads, is cut off from the other servers (not from the
/// clients), the others elect a new leader and C2 writes x = 1 through it; then C1 reads x
/// through N4.
fn deposed_leader_steps(c: [(&str, &str); 5]) -> Vec<Step> {
    vec![
        step(600, vec![], c[0].0, c[0].1),
        step(650, vec![Do::IsolateLeader], c[1].0, c[1].1),
        step(
            1100,
            vec![Do::Request {
                client: 2,
                op: put("x", "1"),
            }],
            c[2].0,
            c[2].1,
        ),
        step(1250, vec![ask(5, 1, 4, get("x"))], c[3].0, c[3].1),
        step(2000, vec![], c[4].0, c[4].1),
    ]
}

fn lease_drift() -> Scenario {
    let spec = ClusterSpec {
        heartbeat_us: 10_000,
        clock_pct: vec![25, 250, 250, 250, 250],
        ..two_clients(ReadPath::Lease)
    };
    cluster_scenario(
        "lease-drift",
        Caption::new("Lease reads and drift", "租约读与时钟漂移"),
        Concept::Consistency,
        Caption::new("A lease read when clocks drift too far", "时钟漂移过大时的租约读"),
        2,
        spec,
        vec![
            silent(5, vec![Do::Act(Action::Input(NodeId(0), Input::Timeout))]),
            step(500, vec![ask(5, 1, 1, get("x"))],
                "N1 leads term 1. Client C1 uses lease reads. N1's clock runs at 25 % of real time, the others' at 250 %: far beyond the 10 % drift the lease allows for. C1 asks N1 to read x.",
                "N1 是第 1 任期的领导者。客户端 C1 使用租约读。N1 的时钟只以真实时间 25% 的速度走，其他服务器则为 250%：远远超出租约所允许的 10% 漂移。C1 请 N1 读取 x。"),
            step(650, vec![Do::IsolateLeader],
                "N1 answered only once a majority acknowledged a round of heartbeats; its lease counts from when that round was sent: 122 ms on its own clock, 488 ms of real time. Now N1 is cut off from the other servers; the clients still reach it.",
                "一轮心跳得到多数派确认后，N1 才作出回答；租约从这轮心跳发出时开始计时：按它自己的时钟为 122 毫秒，即真实时间 488 毫秒。现在 N1 与其他服务器断开连接；客户端仍能访问它。"),
            step(850, vec![Do::Request { client: 2, op: put("x", "1") }],
                "The others' fast clocks stopped honouring N1's lease after 60 ms of real time; they elected N5 for term 3 (term 2 split the vote). C2 sends write x = 1 to N5.",
                "其他服务器的时钟走得快，真实时间 60 毫秒后就不再认可 N1 的租约；它们选出 N5 作为第 3 任期的领导者（第 2 任期选票被瓜分）。C2 向 N5 发送写入 x = 1。"),
            step(950, vec![ask(5, 1, 1, get("x"))],
                "x = 1 committed and C2 has its answer. C1 asks N1 to read x again.",
                "x = 1 已提交，C2 收到了回复。C1 再次请 N1 读取 x。"),
            step(1100, vec![],
                "By N1's slow clock its lease was still running, so it answered at once that x has no value, although x = 1 had already completed: Linearizability ✗. Within the drift bound this cannot happen: the lease is shortened so that it ends before any other server can time out and start an election.",
                "按 N1 走得慢的时钟，它的租约当时仍然有效，于是立即回答 x 没有值，而 x = 1 早已完成：线性一致性 ✗。若漂移在上限之内就不会发生这种情况：租约已按上限缩短，会在其他服务器可能超时并发起选举之前结束。"),
        ],
    )
}
