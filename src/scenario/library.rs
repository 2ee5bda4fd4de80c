//! The built-in scenarios, in teaching order: data distribution first, then Raft.

use super::{Caption, Do, Scenario, Step};
use crate::raft::{Breaks, Input, Op};
use crate::share::{ClusterSpec, KeySpec, RingSpec};
use crate::sim::{Action, NodeId};

fn step(at_ms: u64, actions: Vec<Do>, en: &str, zh: &str) -> Step {
    Step {
        at_ms,
        actions,
        caption: Caption::new(en, zh),
        cue: true,
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

fn ring_scenario(id: &str, title: Caption, spec: RingSpec, steps: Vec<Step>) -> Scenario {
    Scenario {
        id: id.into(),
        title,
        view: "ring".into(),
        seed: 1,
        cluster: ClusterSpec::default(),
        ring: spec,
        steps,
    }
}

fn cluster_scenario(
    id: &str,
    title: Caption,
    seed: u64,
    cluster: ClusterSpec,
    steps: Vec<Step>,
) -> Scenario {
    Scenario {
        id: id.into(),
        title,
        view: "cluster".into(),
        seed,
        cluster,
        ring: RingSpec::default(),
        steps,
    }
}

pub fn all() -> Vec<Scenario> {
    vec![
        mod_n(),
        virtual_nodes(),
        node_dies(),
        hot_keys(),
        first_election(),
        leader_crash(),
        split_votes(),
        partition(),
        pre_vote(),
        figure_8(),
        log_repair(),
    ]
}

fn mod_n() -> Scenario {
    ring_scenario(
        "mod-n",
        Caption::new("Why hash mod n hurts", "为什么 hash mod n 代价高"),
        ring(4, "mod-n", Some("ring"), 100, KeySpec::Uniform { count: 2000 }),
        vec![
            step(0, vec![],
                "2,000 keys on 4 nodes. Left: hash mod 4 puts key k on node hash(k) mod 4. Right: a consistent hashing ring with 100 virtual nodes per node. Both spread the keys evenly.",
                "4 个节点上的 2000 个键。左：hash mod 4 把键 k 放到 hash(k) mod 4 号节点。右：每个节点 100 个虚拟节点的一致性哈希环。两者都分布均匀。"),
            step(0, vec![Do::RingAdd("N5".into())],
                "Add a fifth node. With mod n almost every key changes node (about 4/5 of them): the divisor changed for everyone. The ring moves only the keys the new node takes over, about 1/5.",
                "加入第 5 个节点。mod n 下几乎所有键都换了节点（约 4/5）：除数对所有键都变了。哈希环只迁移新节点接管的键，约 1/5。"),
            step(0, vec![Do::RingRemove("N5".into())],
                "Remove it again: the same story in reverse. Moving data costs network and cache misses, which is why real systems hash onto a ring.",
                "再把它移除：过程正好相反。迁移数据要付出网络流量和缓存失效的代价，这就是实际系统使用哈希环的原因。"),
        ],
    )
}

fn virtual_nodes() -> Scenario {
    ring_scenario(
        "virtual-nodes",
        Caption::new("Virtual nodes and balance", "虚拟节点与负载均衡"),
        ring(8, "ring", None, 1, KeySpec::Uniform { count: 5000 }),
        vec![
            step(0, vec![],
                "8 nodes with one point each on the ring. The arcs are very unequal, and so are the loads: look at the bars and the spread (CV).",
                "8 个节点，每个在环上只有一个点。弧段长短悬殊，负载也一样：看负载条和离散度（CV）。"),
            step(0, vec![Do::RingVnodes(10)],
                "10 virtual nodes each: every node owns many small arcs, and the differences start to average out.",
                "每个节点 10 个虚拟节点：每个节点拥有许多小弧段，差异开始被平均掉。"),
            step(0, vec![Do::RingVnodes(100)],
                "100 each: the spread falls roughly as 1/√k, as the theory line says.",
                "每个 100 个：离散度大约按 1/√k 下降，与理论值一致。"),
            step(0, vec![Do::RingVnodes(1000)],
                "1000 each: nearly perfect balance, paid for with a bigger lookup table.",
                "每个 1000 个：几乎完全均衡，代价是更大的查找表。"),
        ],
    )
}

fn node_dies() -> Scenario {
    ring_scenario(
        "node-dies",
        Caption::new("A node dies: replicas keep the data", "节点宕机：副本保住数据"),
        ring(5, "ring", None, 100, KeySpec::Uniform { count: 2000 }),
        vec![
            step(0, vec![],
                "Five nodes, each key stored once (replication factor R = 1).",
                "五个节点，每个键只存一份（副本数 R = 1）。"),
            step(0, vec![Do::RingDown("N3".into())],
                "N3 goes down. With R = 1 its keys have no other copy: they are lost (hollow).",
                "N3 宕机。R = 1 时它的键没有其他副本：这些键丢失了（空心）。"),
            step(0, vec![Do::RingReplicas(2)],
                "With R = 2 each key is also stored on the next node clockwise. N3's keys are now served by a replica: nothing is lost.",
                "R = 2 时每个键还存放在顺时针的下一个节点上。N3 的键现在由副本提供：没有丢失。"),
            step(0, vec![Do::RingUp("N3".into())],
                "N3 comes back and serves its keys again.",
                "N3 恢复，重新提供它的键。"),
        ],
    )
}

fn hot_keys() -> Scenario {
    ring_scenario(
        "hot-keys",
        Caption::new("Hot keys and bounded loads", "热点键与有界负载"),
        ring(
            5,
            "ring",
            Some("bounded-load"),
            100,
            KeySpec::Hot {
                distinct: 50,
                count: 5000,
            },
        ),
        vec![
            step(0, vec![],
                "5,000 requests over 50 keys with Zipf skew: the hottest key gets about a fifth of them. On the plain ring its node is overloaded (max/mean far above 1).",
                "5000 次请求落在 50 个键上，呈 Zipf 偏斜：最热的键约占五分之一。在普通哈希环上，它所在的节点过载（最大/平均远大于 1）。"),
            step(0, vec![],
                "Consistent hashing with bounded loads caps every node at 1.25 × the mean: requests past the cap walk on to the next node with room. The spread drops, at the cost of some keys living off their first choice.",
                "有界负载的一致性哈希把每个节点的负载限制在平均值的 1.25 倍：超出上限的请求顺时针找下一个有空间的节点。离散度下降，代价是部分键不在首选节点上。"),
        ],
    )
}

fn first_election() -> Scenario {
    cluster_scenario(
        "first-election",
        Caption::new("The first election", "第一次选举"),
        3,
        ClusterSpec::default(),
        vec![
            step(0, vec![],
                "Five servers start as followers with no leader. Each has an election timer (the arc) set at random between 150 and 300 ms.",
                "五台服务器以跟随者身份启动，还没有领导者。每台都有一个在 150 到 300 毫秒之间随机设定的选举计时器（圆弧）。"),
            step(175, vec![],
                "The shortest timer runs out first: that server becomes a candidate for term 1, votes for itself and sends RequestVote (orange) to the others.",
                "最短的计时器最先耗尽：该服务器成为第 1 任期的候选人，投自己一票，并向其他节点发送 RequestVote（橙色）。"),
            step(500, vec![],
                "Votes came back (green): with a majority, 3 of 5, the candidate became leader. Its heartbeats (blue) reset everyone's timers, so nobody else starts an election.",
                "选票返回（绿色）：获得多数票（5 票中的 3 票）后，候选人成为领导者。它的心跳（蓝色）重置了所有人的计时器，其他人不会再发起选举。"),
        ],
    )
}

fn leader_crash() -> Scenario {
    cluster_scenario(
        "leader-crash",
        Caption::new("The leader crashes; a new one is elected", "领导者宕机，选出新的领导者"),
        3,
        ClusterSpec::default(),
        vec![
            step(600, vec![],
                "A leader is elected and sends heartbeats.",
                "已选出领导者，它在发送心跳。"),
            step(700, vec![Do::CrashLeader],
                "The leader crashes. Heartbeats stop; the followers' timers keep running down.",
                "领导者宕机。心跳停止；跟随者的计时器继续倒数。"),
            step(1500, vec![],
                "A follower timed out, started an election for the next term and won: a new leader with a higher term. The cluster works again with 4 of 5 servers.",
                "某个跟随者超时，发起下一任期的选举并获胜：新的领导者任期更高。集群以 5 台中的 4 台继续工作。"),
            step(2200, vec![Do::RestartCrashed],
                "The old leader restarts. It hears the higher term and becomes a follower: terms tell stale leaders they are out of date.",
                "旧领导者重启。它收到更高的任期，变为跟随者：任期让过时的领导者知道自己已经落后。"),
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
        Caption::new("Split votes with fixed timeouts, cured by randomisation", "固定超时导致选票瓜分，随机化解决问题"),
        2,
        fixed,
        vec![
            step(0, vec![],
                "A teaching switch gives every server the same election timeout.",
                "教学开关让所有服务器使用相同的选举超时。"),
            step(2000, vec![],
                "All timers run out together: everyone becomes a candidate, votes for itself, and nobody gets a majority. The term keeps rising and no leader is elected.",
                "所有计时器同时耗尽：每个人都成为候选人并投自己一票，没有人获得多数。任期不断上升，始终选不出领导者。"),
            step(2000, vec![Do::Restart(ClusterSpec::default())],
                "The same cluster with randomised timeouts (the rule restored), from time zero…",
                "同一个集群使用随机超时（恢复规则），从零时刻开始……"),
            step(600, vec![],
                "…one timer runs out first, that candidate collects a majority before anyone else tries, and a leader is elected at once.",
                "……某个计时器最先耗尽，该候选人在别人尝试之前就获得了多数票，立即选出领导者。"),
        ],
    )
}

fn partition() -> Scenario {
    cluster_scenario(
        "partition",
        Caption::new("A partition: the minority leader cannot commit", "网络分区：少数派的领导者无法提交"),
        2,
        ClusterSpec::default(),
        vec![
            step(600, vec![],
                "A leader is elected and replicates to everyone.",
                "已选出领导者，并向所有节点复制日志。"),
            step(650, vec![
                    Do::PartitionLeaderMinority,
                    Do::WriteToLeader { key: "x".into(), value: "1".into() },
                ],
                "The network splits: the leader and one follower on one side, three servers on the other. A client writes x=1 through the old leader.",
                "网络分区：领导者和一个跟随者在一边，另外三台服务器在另一边。客户端通过旧领导者写入 x=1。"),
            step(2000, vec![],
                "The old leader appended x=1 but only 2 of 5 store it: it cannot commit (hatched cells). The majority elected a new leader with a higher term; the client, getting no answer, retried there, and x=1 committed in the new term.",
                "旧领导者追加了 x=1，但只有 5 台中的 2 台保存了它：无法提交（斜纹格）。多数派选出了任期更高的新领导者；客户端没有收到答复，便向新领导者重试，x=1 在新任期中被提交。"),
            step(2050, vec![Do::Act(Action::HealAll)],
                "The partition heals.",
                "分区恢复。"),
            step(3500, vec![],
                "The old leader sees the higher term and steps down; its uncommitted entry is overwritten and every log converges on the new leader's.",
                "旧领导者看到更高的任期后下台；它未提交的条目被覆盖，所有日志与新领导者保持一致。"),
        ],
    )
}

fn pre_vote() -> Scenario {
    let with = ClusterSpec {
        pre_vote: true,
        ..ClusterSpec::default()
    };
    cluster_scenario(
        "pre-vote",
        Caption::new("A rejoining node disrupts the cluster without Pre-Vote", "没有预投票时，重新加入的节点会扰乱集群"),
        4,
        ClusterSpec::default(),
        vec![
            step(800, vec![],
                "A leader is elected. Pre-Vote is off.",
                "已选出领导者。预投票关闭。"),
            step(850, vec![Do::IsolateFollower],
                "A follower is cut off. Hearing no heartbeats, it times out again and again, each time starting an election for a higher term.",
                "一个跟随者被隔离。收不到心跳，它一次次超时，每次都为更高的任期发起选举。"),
            step(3000, vec![Do::Act(Action::HealAll)],
                "It rejoins with its high term. The leader hears that term and steps down, and the cluster holds a needless election.",
                "它带着很高的任期重新加入。领导者收到这个任期后下台，集群进行了一次不必要的选举。"),
            step(4200, vec![],
                "The disruption: a new term, though nothing was wrong with the leader.",
                "扰乱的结果：领导者本没有问题，却产生了新的任期。"),
            step(0, vec![Do::Restart(with)],
                "The same story with Pre-Vote on, from time zero.",
                "打开预投票，从零时刻重演同样的过程。"),
            step(850, vec![Do::IsolateFollower],
                "A follower is cut off again. Now it first asks whether it could win (a pre-vote); nobody answers yes, so its term does not rise.",
                "又一个跟随者被隔离。现在它先询问自己能否获胜（预投票）；没有人同意，所以它的任期不会上升。"),
            step(3000, vec![Do::Act(Action::HealAll)],
                "It rejoins…",
                "它重新加入……"),
            step(4200, vec![],
                "…and simply follows the leader: same leader, same term, no disruption.",
                "……并直接跟随领导者：领导者不变，任期不变，没有扰乱。"),
        ],
    )
}

fn figure_8() -> Scenario {
    // The paper's Figure 8, scripted exactly: no spontaneous elections (long timeouts), fixed
    // 10 ms latency, clients that do not retry, one client per leader of the story.
    let spec = ClusterSpec {
        election_min_us: 3_000_000,
        election_max_us: 4_000_000,
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
    let s = |i: u8| NodeId(i - 1);
    let put = |v: &str| Op::Put {
        key: "x".into(),
        value: v.into(),
    };
    let act = Do::Act;
    let (c1, c2) = (NodeId(5), NodeId(6));
    let mut cut_s5 = vec![];
    for to in [s(2), s(3), s(4)] {
        cut_s5.push(act(Action::Cut { from: s(5), to }));
    }
    cluster_scenario(
        "figure-8",
        Caption::new("Figure 8: why a leader only commits its own term's entries by counting", "图 8：为什么领导者只按副本数提交本任期的条目"),
        5,
        spec,
        vec![
            step(0, vec![act(Action::Input(s(1), Input::Timeout))],
                "The Raft paper's Figure 8, with a teaching switch on: leaders commit an entry as soon as a majority stores it, even from an earlier term. N1 starts an election.",
                "Raft 论文的图 8，打开了一个教学开关：只要多数节点保存了条目就提交，即使它来自更早的任期。N1 发起选举。"),
            step(200, vec![
                    act(Action::Partition(vec![vec![s(1), s(2)], vec![s(3), s(4), s(5)]])),
                    act(Action::Input(c1, Input::SubmitTo(s(1), put("A")))),
                ],
                "(a) N1 leads term 1 and replicates entry A, but only N2 receives it.",
                "(a) N1 是第 1 任期的领导者，复制条目 A，但只有 N2 收到了。"),
            step(400, vec![
                    act(Action::Crash(s(1))),
                    act(Action::HealAll),
                    act(Action::Input(s(5), Input::Timeout)),
                ],
                "(b) N1 crashes. N5 is elected for term 2 with votes from N3 and N4…",
                "(b) N1 宕机。N5 凭 N3、N4 的选票当选第 2 任期领导者……"),
            Step { cue: false, ..step(415, cut_s5, "", "") },
            Step { cue: false, ..step(610, vec![act(Action::Input(c2, Input::SubmitTo(s(5), put("B"))))],
                "…and accepts entry B, which stays in its log alone: its links are cut.",
                "……并接受了条目 B，但 B 只存在于它自己的日志中：它的链路被切断了。") },
            step(800, vec![
                    act(Action::Crash(s(5))),
                    act(Action::HealAll),
                    act(Action::Restart(s(1))),
                ],
                "(c) N5 crashes; N1 restarts…",
                "(c) N5 宕机；N1 重启……"),
            Step { cue: false, ..step(801, vec![act(Action::Input(s(1), Input::Timeout))], "", "") },
            step(1000, vec![act(Action::Input(s(1), Input::Timeout))],
                "…and leads term 3. It copies A (term 1) to N3: A is on a majority, and with the switch on N1 counts it as committed.",
                "……并成为第 3 任期的领导者。它把 A（第 1 任期）复制到 N3：A 已在多数节点上，在开关打开时 N1 认为它已提交。"),
            step(1500, vec![act(Action::Crash(s(1))), act(Action::Restart(s(5)))],
                "(d) N1 crashes and N5 restarts. N5's last entry is from term 2, newer than A's term 1, so it can win an election…",
                "(d) N1 宕机，N5 重启。N5 的最后一个条目来自第 2 任期，比 A 的第 1 任期新，所以它可以赢得选举……"),
            Step { cue: false, ..step(1501, vec![act(Action::Input(s(5), Input::Timeout))], "", "") },
            step(1700, vec![act(Action::Input(s(5), Input::Timeout))],
                "…and it does, then overwrites A with B everywhere. A \"committed\" entry was lost: the safety panel shows Leader Completeness and State Machine Safety broken. The real rule (commit only current-term entries by counting) prevents this.",
                "……它确实赢了，随后用 B 覆盖了所有节点上的 A。一个\"已提交\"的条目丢失了：安全面板显示领导者完整性和状态机安全被破坏。真正的规则（只按副本数提交当前任期的条目）可以避免这种情况。"),
            step(2500, vec![],
                "The state machines disagree on index 1: N2 applied x=A, N5 applied x=B.",
                "各状态机在索引 1 上不一致：N2 应用了 x=A，N5 应用了 x=B。"),
        ],
    )
}

fn log_repair() -> Scenario {
    let writes = |from: u64| -> Vec<Step> {
        (0..8)
            .map(|i| Step {
                cue: false,
                ..step(
                    from + i * 60,
                    vec![Do::WriteToLeader {
                        key: ["x", "y", "z"][i as usize % 3].into(),
                        value: (i + 1).to_string(),
                    }],
                    "The leader keeps appending client writes while one follower is down.",
                    "在一个跟随者宕机期间，领导者持续追加客户端写入。",
                )
            })
            .collect()
    };
    let mut steps = vec![
        step(600, vec![], "A leader is elected.", "已选出领导者。"),
        step(
            650,
            vec![Do::CrashFollower],
            "A follower crashes.",
            "一个跟随者宕机。",
        ),
    ];
    steps.extend(writes(700));
    steps.push(step(
        1300,
        vec![],
        "Eight writes later the others have long logs; the crashed follower has none of them.",
        "八次写入之后，其他节点的日志已经很长；宕机的跟随者一条都没有。",
    ));
    steps.push(step(1350, vec![Do::RestartCrashed],
        "It restarts far behind. The leader's AppendEntries fail the log check; the leader backs nextIndex up (a whole term at a time) and then sends the missing entries in batches.",
        "它重启时已远远落后。领导者的 AppendEntries 未通过日志检查；领导者回退 nextIndex（一次回退一整个任期），然后分批发送缺失的条目。"));
    steps.push(step(
        2200,
        vec![],
        "Caught up: every log matches the leader's and the follower has applied every write.",
        "已追上：所有日志与领导者一致，该跟随者也应用了全部写入。",
    ));
    cluster_scenario(
        "log-repair",
        Caption::new(
            "Log repair: a follower far behind catches up",
            "日志修复：远远落后的跟随者追上进度",
        ),
        6,
        ClusterSpec::default(),
        steps,
    )
}
