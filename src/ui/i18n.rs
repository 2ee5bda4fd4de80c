//! The two languages of the playground. Every user-visible string goes through `Text`, so a
//! missing translation is a compile error, not an English word in the Chinese page.

/// The narration's sentence for a happening, re-exported so tests can read every template.
pub use super::feed::sentence;
/// An algorithm's name as the ring view shows it.
pub use super::ring_view::algorithm_label;
pub use crate::playground::Lang;

/// Every entry of the table with its English and Chinese text.
pub fn all_texts() -> impl Iterator<Item = (Text, &'static str, &'static str)> {
    Text::ALL
        .iter()
        .map(|&text| (text, t(Lang::En, text), t(Lang::Zh, text)))
}

/// The running ends of texts of these lengths (the whole must fit in a `u16`).
const fn ends<const N: usize>(lens: [usize; N]) -> [u16; N] {
    let mut out = [0u16; N];
    let mut end = 0;
    let mut i = 0;
    while i < N {
        end += lens[i];
        assert!(end <= u16::MAX as usize, "the texts outgrow u16 offsets");
        out[i] = end as u16;
        i += 1;
    }
    out
}

/// Every user-visible string, in English and Simplified Chinese. The macro makes a missing
/// translation a compile error, not an English word in the Chinese page.
///
/// The texts are stored as one string, each entry's English then its Chinese, with where each
/// ends as a `u16`: a `&str` per text (a pointer and a length) in a table compresses worse.
macro_rules! texts {
    ($($name:ident: $en:literal, $zh:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Text { $($name),* }

        /// Every text, English then Chinese for each entry in the table's order.
        const JOINED: &str = concat!($($en, $zh),*);
        /// Where text `2 × entry + language` ends in `JOINED`.
        const ENDS: [u16; 2 * Text::ALL.len()] = ends([$($en.len(), $zh.len()),*]);

        pub fn t(lang: Lang, text: Text) -> &'static str {
            let i = 2 * text as usize + usize::from(lang == Lang::Zh);
            let start = if i == 0 { 0 } else { ENDS[i - 1] as usize };
            JOINED.get(start..ENDS[i] as usize).unwrap_or_default()
        }

        impl Text {
            /// Every entry of the table, in its order (for the tests that read all of it).
            pub const ALL: &'static [Text] = &[$(Text::$name),*];
        }
    };
}

texts! {
    StoreView: "Quorum store", "Quorum 存储";
    StoreStage: "The quorum store on the hash ring: nodes evenly spaced in their clockwise order, each key's preference list as an arc, the clients in the middle and the messages on their way", "哈希环上的 Quorum 存储：节点按顺时针顺序均匀排开，每个键的偏好列表画成一段弧，客户端在中间，传输中的消息沿连线移动";
    StoreNodeUp: "up", "运行中";
    StoreNodeDown: "down", "已宕机";
    StoreNodeIsolated: "isolated", "已隔离";
    StoreAnswered: "answered", "个操作已应答";
    StoreGaveUp: "given up", "个操作已放弃";
    StoreOperations: "Clients", "客户端";
    StorePutX: "put x", "写入 x";
    StoreGetX: "get x", "读取 x";
    StoreQuorums: "Quorums", "Quorum 设置";
    StoreOverlap: "R + W > N: every read quorum meets every write quorum (unless a sloppy quorum's stand-ins answer).", "R + W > N：每个读 Quorum 都与每个写 Quorum 相交（宽松 Quorum 由代替者应答时除外）。";
    StoreNoOverlap: "R + W ≤ N: a read quorum can miss the last write's replicas, so reads can be stale.", "R + W ≤ N：读 Quorum 可能错过确认了上次写入的副本，所以可能读到旧值。";
    StoreNodes: "Nodes", "节点数";
    StoreN: "Replicas N", "副本数 N";
    StoreW: "Write quorum W", "写确认数 W";
    StoreR: "Read quorum R", "读应答数 R";
    StoreClients: "Clients", "客户端数";
    StoreWriteBack: "Write-back (ABD)", "回写（ABD）";
    StoreWriteBackHint: "A get writes the value it returns back to W replicas before it answers, and a put first learns the newest version from R replicas. With R + W > N and no sloppy quorum, this makes the store linearizable.", "读取在应答之前把要返回的值写回 W 个副本；写入先从 R 个副本得知最新版本。再加上 R + W > N 且不启用宽松 Quorum，存储就是线性一致的。";
    StoreReadRepair: "Read repair", "读修复";
    StoreReadRepairHint: "After a get, replicas that answered with an older version are sent the newest one (without waiting for them).", "读取之后，把最新版本发给应答了旧版本的副本（不等它们确认）。";
    StoreSloppy: "Sloppy quorum with hinted handoff", "宽松 Quorum 与提示转交";
    StoreSloppyHint: "Replicas that do not answer in time are replaced by the next nodes on the ring, which keep the value as a hint and hand it over to the node it belongs to once that node answers again.", "没有及时应答的副本由环上后面的节点代替；代替者替原节点把值作为提示暂存，等原节点重新应答后再转交给它。";
    StoreSettingsRestart: "Changing these starts the run again from time zero.", "修改这些设置后，运行会从 0 时刻重新开始。";
    StoreWorkload: "Workload", "工作负载";
    StoreLoadOn: "Clients send operations by themselves", "客户端自行发送操作";
    StoreKeys: "Keys", "键数";
    StoreThink: "Pause (ms)", "间隔（毫秒）";
    StoreFaults: "Faults", "故障";
    StoreFaultsHint: "Click a node on the ring (or press 1–9): its Crash and Isolate buttons appear at the top of this panel (keys C and I). Choose nodes and clients below to cut them off from the others.", "点击环上的节点（或按 1–9）：它的“宕机”和“隔离”按钮会出现在本面板顶部（快捷键 C 和 I）。在下面选择节点和客户端，可切断它们与其余成员之间的链路。";
    StorePartition: "Cut off the chosen", "隔开所选成员";
    StoreSides: "Partition", "网络分区";
    StoreLoss: "Message loss (%)", "丢包率（%）";
    StoreLatencyMin: "Latency from (ms)", "延迟下限（毫秒）";
    StoreLatencyMax: "to (ms)", "上限（毫秒）";
    StoreHistory: "History", "历史";
    LegendStoreRead: "A version query (a get's, or with write-back a put's first round) and a replica's answer (with its version)", "版本查询（读取的，或启用回写时写入的第一轮），以及副本的应答（带版本）";
    LegendStoreWrite: "A put (or a write-back) and its acknowledgement", "写入（或回写）及其确认";
    LegendStoreRepair: "A read repair: the newest version sent to a replica that answered with an older one", "读修复：把最新版本发给应答了旧版本的副本";
    LegendStoreHint: "A write to a stand-in (sloppy quorum), and a hinted handoff", "发给代替者的写入（宽松 Quorum），以及提示转交";
    LegendStorePreference: "A key's preference list: from the key clockwise to its N-th node", "键的偏好列表：从键顺时针到第 N 个节点";
    LegendStoreHeld: "What a node holds, with its version (counter · writer; the higher wins); in pink, a hint it keeps for another node", "节点保存的值及其版本（计数 · 写入者；版本高者胜出）；粉色的是替其他节点暂存的提示";
    LegendStoreCut: "A cut link between two members", "两个成员之间被切断的链路";
    LegendStoreSides: "A partition: each side's nodes ringed and its clients tinted in its colour, the sides named under N, W and R", "网络分区：每一侧的节点外围一圈、客户端底色为该侧的颜色，各侧成员列在 N、W、R 下方";
    StoreFeedEmpty: "Nothing has happened yet.", "还没有发生任何事。";
    StoreCaptionWorkload: "Nothing yet: each client starts an operation of its own after a pause.", "还没有发生任何事：每个客户端过一段间隔后，会自行发起一个操作。";
    StoreCaptionButtons: "Nothing yet: press put x or get x under Clients to start an operation.", "还没有发生任何事：按“客户端”下的“写入 x”或“读取 x”发起一个操作。";
    StoreCaptionKeys: "Nothing yet: press W to have C1 put x, or R to have it get x.", "还没有发生任何事：按 W 键让 C1 写入 x，按 R 键让它读取 x。";
    StoreHistoryEmpty: "No operations yet: press put x / get x below, or turn on the clients' own workload.", "还没有操作：按下面的“写入 x”或“读取 x”，或在“工作负载”中勾选“客户端自行发送操作”。";
    StoreEvenly: "Nodes are drawn evenly spaced in ring order, not at their hashes; a key sits between its two neighbours.", "节点按环上顺序等距画出，不按哈希位置；每个键画在它前后两个节点之间。";
    NoLeaderKnown: "no leader known; retry", "不知道领导者，稍后重试";
    Legend: "Legend", "图例";
    LabView: "Lab", "实验室";
    LabBalance: "Balance and virtual nodes", "负载均衡与虚拟节点";
    LabBalanceWhat: "How even is the load with k virtual nodes?", "k 个虚拟节点时负载有多均匀？";
    LabMoved: "Keys moved", "键的迁移";
    LabMovedWhat: "How many keys move when a node joins or leaves?", "节点加入或离开时有多少键迁移？";
    LabBounded: "Bounded loads", "有界负载";
    LabBoundedWhat: "What does a cap of c × the mean do?", "把上限设为平均值的 c 倍会怎样？";
    LabMultiProbe: "Multi-probe", "多探针";
    LabMultiProbeWhat: "How flat is the load with P probes?", "探测 P 次时负载有多平坦？";
    LabSplitVotes: "Split votes", "选票瓜分";
    LabSplitVotesWhat: "How often does Raft's first election fail?", "Raft 的第一次选举失败的概率有多大？";
    LabLeaderCrash: "Replacing a crashed leader", "替换宕机的领导者";
    LabLeaderCrashWhat: "How long is a cluster without a leader after its leader crashes?", "领导者宕机后，集群要多久才有新的领导者？";
    LabLeaderCrashWorst: "Replacing a crashed leader: worst case", "替换宕机的领导者：最坏情况";
    LabLeaderCrashWorstWhat: "And when some servers' logs are too short to win?", "如果有些服务器的日志太短、赢不了选举呢？";
    LabWan: "Elections over a WAN", "广域网上的选举";
    LabWanWhat: "How long do elections take with 30–40 ms links?", "链路单程 30–40 毫秒时，选举要多久？";
    LabLeaderCrashAbout:
        "Five servers on a LAN: messages take 0.2–0.5 ms, and each server writes its term, vote and new entries to disk (14 ms) before it answers, so a broadcast takes about 15 ms, the figure the paper gives (it does not say how much of it a vote's write takes). Once a leader is settled (N1 is made the first candidate), heartbeats go out every half minimum election timeout and the leader crashes at a random moment after one. Each line is the cumulative share of trials (y) that had a new leader, heard by every server, within a time (x); a trial still without one after 20 s stops there. Top graph: more randomness in the timeout; bottom graph: shorter timeouts. Hollow squares are the figures the paper gives, from its worst-case setup (the next experiment). Click a dot to open that trial in the Cluster view at the crash.",
        "局域网上的五台服务器：消息耗时 0.2–0.5 毫秒，每台服务器在回复之前要把任期、投票和新条目写入磁盘（14 毫秒），所以一次广播大约 15 毫秒，与论文给出的数字相同（论文没有说其中写入投票要多久）。领导者稳定之后（N1 被设为第一个候选人），心跳间隔是最小选举超时的一半，领导者在某次心跳之后的随机时刻宕机。每条曲线表示在某个时间（横轴）之内已经选出新领导者、且所有服务器都收到它消息的试验所占的累计比例（纵轴）；20 秒后仍没有领导者的试验就停在那里。上图：超时的随机范围越来越大；下图：超时越来越短。空心方块是论文给出的数字，来自它的最坏情况设置（下一个实验）。点击一个圆点，就会在集群视图中打开那次试验，停在宕机的时刻。";
    LabLeaderCrashWorstAbout:
        "The paper's worst case: the servers' logs differ in length. Before the crash three followers went down one after another, the leader writing an entry after each, and came back just after the last heartbeat, missing one, two and three entries. Only the follower with the whole log, and the one missing one entry with the votes of the two further behind, can win; the others' candidacies fail and delay the election. Hollow squares are the paper's figures, and this model misses them in opposite directions: slower in the bottom graph, faster in the top one. Here a candidate asks for votes at once, writing its own vote meanwhile (it may lead only once that write is done), and every write, including a vote's, takes 14 ms and waits for the one before it. Bottom graph: with 12–24 ms timeouts a voter's write is longer than the shortest timeout, so elections keep restarting and the mean is several times the paper's 35 ms. Top graph: the followers' timers were all reset by the same heartbeat, so the first candidate's requests mostly reach the others before their own timers run out; split votes are rarer than in the paper (with 150–155 ms timeouts the median is about half the paper's 287 ms). In LogCabin, the program the paper measured, a candidate's requests leave only once its vote is written, which gives its rivals time to time out too; the paper does not say how long that write took. Click a dot to open that trial at the crash.",
        "论文的最坏情况：各服务器的日志长度不同。领导者宕机之前，三个跟随者依次宕机，每宕机一台，领导者就写入一个条目；它们在最后一次心跳之后随即恢复，分别少一个、两个、三个条目。只有日志完整的那个跟随者、以及少一个条目并得到日志更短的那两台投票的那个，才能赢；其他服务器的竞选会失败，拖慢选举。空心方块是论文的数字，本模型与之不符，且两图偏离方向相反：下图偏慢，上图偏快。这里候选人立即发出投票请求，同时写入自己的投票（要等这次写完，它才能成为领导者），每次写入（包括写入投票）都要 14 毫秒，并且要等前一次写完。下图：超时为 12–24 毫秒时，投票者的写入比最短的超时还长，选举一再重来，平均用时是论文 35 毫秒的好几倍。上图：各跟随者的计时器都被同一次心跳重置，所以第一个候选人的请求多半在其他服务器的计时器到期之前就已送达；选票瓜分比论文里少（超时为 150–155 毫秒时，中位数约为论文 287 毫秒的一半）。在论文所测的程序 LogCabin 中，候选人的请求要等自己的投票写入磁盘后才发出，这让对手也有时间超时；论文没有说这次写入要多久。点击一个圆点，就会打开那次试验，停在宕机的时刻。";
    LabWanAbout:
        "Five servers over a WAN: messages take 30–40 ms one way, election timeouts are 300–600 ms, heartbeats every 150 ms, and disks are fast next to the network. The leader crashes, alone or with one follower (then the three left must all vote for the same candidate). Each line is the cumulative share of trials that had a new leader within a time; the table gives the mean and the time within which 99.9 % finished.",
        "广域网上的五台服务器：消息单程 30–40 毫秒，选举超时 300–600 毫秒，心跳间隔 150 毫秒，磁盘相对网络很快。领导者宕机，或者与一个跟随者一起宕机（这时剩下的三台必须都投票给同一个候选人）。每条曲线表示在某个时间之内已选出新领导者的试验所占的累计比例；表格给出平均值，以及 99.9% 的试验在多长时间内完成。";
    LabAxisDowntime: "time without a leader (ms)", "没有领导者的时间（毫秒）";
    LabAxisCumulative: "cumulative share of trials", "试验的累计比例";
    LabPaper: "the paper", "论文";
    LabTopGraph: "Top graph: randomness of the timeout", "上图：超时的随机范围";
    LabBottomGraph: "Bottom graph: scale of the timeout", "下图：超时的长短";
    LabOpenTrial: "open this trial in the Cluster view", "在集群视图中打开这次试验";
    LabBound: "bound", "上界";
    LabAxisLatency: "latency l ÷ timeout range R", "延迟 l ÷ 超时范围 R";
    LabAxisFailed: "share of first rounds failed", "首轮选举失败的比例";
    LabSplitVotesAbout:
        "Every server starts at once with an election timeout drawn from 150–300 ms (a range R of 150 ms), and every message takes exactly l. Each row runs as many first elections as the trials set above, with the real protocol, and counts those whose first term elects no leader. A round can only fail if a second server times out before the first one's vote requests reach it, which bounds the failures by 1 − (1 − l/R)ⁿ (dashed); the real protocol fails less, since the first candidate still wins when the others leave it a majority. Short messages against a wide timeout range make split votes rare: that is why Raft randomises its timeouts.",
        "所有服务器同时启动，选举超时从 150–300 毫秒中随机抽取（范围 R 为 150 毫秒），每条消息恰好耗时 l。每一行按上方设定的试验次数，用真实的协议进行首次选举，统计第一个任期没有选出领导者的比例。只有当第二台服务器在第一个候选人的投票请求到达之前也超时，这一轮才可能失败，所以失败比例的上界是 1 − (1 − l/R)ⁿ（虚线）；真实协议失败得更少，因为只要其他服务器还给第一个候选人留下多数派，它仍然会赢。消息相对超时范围越短，选票瓜分就越少：这正是 Raft 随机化超时的原因。";
    ExpectedExperiment:
        "one of balance, moved, bounded, multi-probe, split-votes, leader-crash, leader-crash-worst, wan-election",
        "balance、moved、bounded、multi-probe、split-votes、leader-crash、leader-crash-worst、wan-election 之一";
    ExpectedLabNumber:
        "a whole number within the Lab's bounds (nodes 2–1000, keys 100–1,000,000, trials 1–1000, seed 0 or more)",
        "实验室允许范围内的整数（节点数 2–1000，键数 100–1,000,000，试验次数 1–1000，随机种子不小于 0）";
    LabNodes: "nodes", "节点数";
    LabKeys: "keys", "键数";
    LabTrials: "trials", "试验次数";
    LabSeed: "seed", "随机种子";
    LabRun: "Run", "运行";
    Cancel: "Cancel", "取消";
    LabCsv: "Download CSV", "下载 CSV";
    LabProgress: "trials done", "已完成的试验";
    LabSource: "Source:", "来源：";
    LabNotUsed: "not used by this experiment", "此实验不使用该设置";
    LabTheory: "theory", "理论值";
    LabMeasured: "measured", "实测值";
    LabMovedOnAdd: "moved when a node joins", "节点加入时的迁移比例";
    LabOptimum: "even loads need at least 1/(n+1)", "负载均衡至少需迁移 1/(n+1)";
    LabUniform: "uniform keys", "均匀键";
    LabZipf: "Zipf requests", "Zipf 请求";
    LabCap: "the cap c", "上限 c";
    LabNoCap: "no cap", "无上限";
    LabStopped: "≥ marks a lower bound: some trials still had no leader when they were stopped at 20 s.", "≥ 表示下限：有些试验在 20 秒截止时仍没有领导者。";
    LabCancelled: "Cancelled: the table and the chart hold only the rows whose trials all ran.", "已取消：表格和图中只有试验全部完成的那些行。";
    LabTooFewTrials: "too few trials to tell this percentile from the maximum: the 99th needs 100, the 99.9th 1,000", "试验次数太少，无法把这个百分位与最大值区分开：第 99 百分位需要 100 次，第 99.9 百分位需要 1000 次";
    LabAxisVnodes: "virtual nodes per node k", "每个节点的虚拟节点数 k";
    LabAxisCv: "CV of key counts", "键数的变异系数";
    LabAxisAlgorithm: "algorithm", "算法";
    LabAxisMoved: "share of keys moved", "迁移键的比例";
    LabAxisC: "c (cap ÷ mean)", "c（上限 ÷ 平均值）";
    LabAxisPeak: "peak ÷ mean", "峰值 ÷ 平均值";
    LabAxisProbes: "probes P", "探测次数 P";
    LabLogScale: " (log scale)", "（对数刻度）";
    LabBalanceAbout:
        "Each row puts n nodes with k random points each on the ring, again and again under other names, and measures the spread (CV: standard deviation ÷ mean) of their arcs and of the counts of a finite set of uniform keys. Theory: the arcs give √((n−1)/(nk+1)); a finite key set adds (n−1)/keys to its square. The formulas predict the mean square, so the measured figures are root mean squares over the trials.",
        "每一行在环上放置 n 个节点，每个节点 k 个随机点，换用不同的名字重复多次，测量各节点弧长的离散程度（变异系数 CV，即标准差 ÷ 平均值），以及一组有限的均匀键在各节点上的计数的离散程度。理论上，弧长给出 √((n−1)/(nk+1)) 这一变异系数；有限的键集会让它的平方再增加 (n−1)/键数。公式预测的是平方的均值，所以实测值取各次试验的均方根。";
    LabMovedAbout:
        "One node joins (node n+1) and, separately, the last node leaves; each row is the share of keys whose owner changed. An algorithm that keeps the loads even cannot move less than 1/(n+1) on a join or 1/n on a leave; a ring whose arcs are uneven can, when the node that joins or leaves holds less than its share. hash mod n moves n/(n+1) of the keys on a join and (n−1)/n on a leave, nearly all of them once n is more than a few; the ring, ketama, rendezvous, jump and multi-probe move about that least, all of it onto the new node; Maglev moves more, and more again the smaller its table.",
        "一个节点加入（第 n+1 个节点），另外单独让最后一个节点离开；每一行是归属发生变化的键所占的比例。要让负载保持均衡，任何算法在加入时都至少迁移 1/(n+1) 的键，离开时至少迁移 1/n 的键；弧段不均匀的环可以少于这个数，只要加入或离开的节点所占的份额小于它应得的一份。取模哈希在加入时迁移 n/(n+1) 的键，离开时迁移 (n−1)/n，n 稍大时几乎是全部；哈希环、ketama、rendezvous 哈希（最高随机权重）、跳跃一致性哈希（jump）和多探针迁移的比例接近这个下限，而且全部迁往新节点；Maglev 迁移得更多，表越小迁移越多。";
    LabBoundedAbout:
        "Consistent hashing with bounded loads caps every node at c × its fair share (rounded up; here the mean, as the Lab's nodes weigh alike); a key past the cap walks clockwise to the next node with room. Uniform keys on a ring of 100 points per node already peak a little above the mean, so only a tight cap (c close to 1) binds, and it then moves more keys when a node joins. Zipf requests, a few hot keys, pile up on a plain ring (∞) and the cap flattens them; one key's requests are then served by several nodes: fine for a cache, not for a store.",
        "有界负载的一致性哈希把每个节点的负载上限设为它应得份额的 c 倍（向上取整；实验室中各节点权重相同，这里就是平均值）；超出上限的键顺时针走到下一个还有余量的节点。每个节点 100 个点的环上，均匀键的峰值本来就只比平均值高一点，所以只有很紧的上限（c 接近 1）才起作用，而这时节点加入会迁移更多键。Zipf 请求集中在少数热点键上，在普通环（∞）上会堆积，上限把它们压平；这样同一个键的请求会由多个节点处理：对缓存可以，对存储不行。";
    LabMultiProbeAbout:
        "One point per node and P probes per key: the key goes to the node whose point lies closest after one of its probes. More probes, a flatter load: the peak ÷ mean approaches 1 + 1/(P−1), with only n points to keep.",
        "每个节点只有一个点，每个键探测 P 次：键归属于离它某次探测最近的那个点所属的节点。探测越多，负载越平坦：峰值趋近于平均值的 1 + 1/(P−1) 倍，而只需保存 n 个点。";
    KeyLegend: "show or hide the legend", "显示或隐藏图例";
    LegendServers: "Servers", "服务器";
    LegendLease: "a leader's lease (clients reading by lease): it answers their reads at once until the bar runs out", "领导者的租约（客户端使用租约读时）：在进度条耗尽之前，它会立即回答这些读请求";
    LegendClock: "a clock that does not keep real time (setting Clock rate): every timeout of this server runs on it", "走时不准的时钟（设置“时钟速率”）：该服务器的所有超时都按它计时";
    LegendDisk: "a disk write in progress (setting Disk write): the server's votes and acknowledgements wait for it", "磁盘写入进行中（设置“磁盘写入”）：服务器的投票和确认要等它写完";
    LegendFollower: "follower: a thin blue ring", "跟随者：细的蓝色圆环";
    LegendPreCandidate: "pre-candidate: dotted orange; it asks whether it could win, its term unchanged", "预候选人：橙色点线；它先询问自己能否胜选，任期不变";
    LegendCandidate: "candidate: dashed orange; it asks for votes in a new term", "候选人：橙色虚线；它在新任期中请求投票";
    LegendLeader: "leader: a thick red-orange ring and a crown", "领导者：粗的朱红色圆环加王冠";
    LegendCrashed: "crashed: grey, dashed, crossed out", "宕机：灰色虚线并打叉";
    LegendTimer: "the election timer: an arc that shrinks until the server times out", "选举计时器：不断缩短的圆弧，归零时服务器超时";
    LegendPulse: "the leader's heartbeat: a ring spreading from it", "领导者的心跳：从它扩散开的圆环";
    LegendLinks: "Links", "链路";
    LegendLinkUp: "a link that works both ways", "双向正常的链路";
    LegendLinkCut: "a cut link: dashed, ✕ in the middle (both ways) or near the sender (one way)", "被切断的链路：虚线；双向切断时 ✕ 在中间，单向切断时 ✕ 靠近发送方";
    LegendLinkLossy: "a link with a message loss of its own (set in its panel): dotted, its loss written on it", "有单独丢包率的链路（在链路面板中设置）：点线，链路上标出丢包率";
    LegendMessages: "Messages", "消息";
    LegendVoteRequest: "a vote request (or a pre-vote)", "请求投票（或预投票）";
    LegendVoteGranted: "a vote granted", "同意投票";
    LegendVoteDenied: "a vote denied, or an AppendEntries refused", "拒绝投票，或拒绝 AppendEntries";
    LegendAppend: "AppendEntries: entries, or empty as a heartbeat (larger with entries)", "AppendEntries：携带条目，空的即心跳（带条目时更大）";
    LegendAppendOk: "AppendEntries accepted", "AppendEntries 已接受";
    LegendTimeoutNow: "TimeoutNow: a leader handing over leadership", "TimeoutNow：领导者转移领导权";
    LegendClient: "a client's request or the reply to it", "客户端的请求或对它的回复";
    LegendDropped: "where a message was lost or dropped (it fades)", "消息被丢弃之处（随机丢包、链路切断或接收方宕机），逐渐淡出";
    LegendStripAndLogs: "Space-time strip and logs", "时空图与日志";
    LegendMarks: "a leader elected, an election, a pre-vote, a crash, a restart", "选出领导者、发起选举、预投票、宕机、重启";
    LegendDownLane: "a dashed lane: that server is down", "虚线泳道：该服务器已宕机";
    LegendCell: "a log entry: its term inside, one colour per term", "日志条目：格内是任期，每个任期一种颜色";
    LegendUncommitted: "hatched: not yet known as committed by that server (by any, while it is down)", "带斜线：该服务器尚不知道它已提交（宕机时：任何服务器都不知道）";
    LegendRing: "Hash ring", "哈希环";
    LegendArcs: "each node's colour owns the arcs before its points (virtual nodes)", "每个节点一种颜色：节点拥有它的各个点（虚拟节点）之前的弧段";
    LegendKeys: "a key, in the colour of the node serving it", "一个键，颜色与为它服务的节点相同";
    LegendUnavailable: "hollow: no live node serves it (unavailable)", "空心：没有存活的节点为它服务（不可用）";
    LegendMoved: "larger: a key another node serves since the last change (moved there, or a replica answers), in the new node's colour", "较大的方块：上次变化后改由另一节点提供的键（迁移过去，或由副本应答），显示为新节点的颜色";
    LegendNoColumn: "the ✕ column (where keys are drawn in columns, one per node): keys that no live node serves", "✕ 列（键按节点分列画出时）：没有存活节点为其服务的键";
    LegendSpilled: "ringed: bounded loads sent it on because its node was full", "带圈：因原节点已满，有界负载把它移到下一个节点";
    LegendHot: "a disc: a hot key, its size the number of requests", "圆盘：热点键，大小表示请求数";
    NotLeaderTry: "not the leader; try", "不是领导者，请改试";
    TraceHash: "trace hash", "轨迹哈希";
    NoOp: "no-op (a new leader's empty entry)", "空操作（新领导者的空条目）";
    PageTitle: "Ringleader · distributed systems playground", "Ringleader · 分布式系统演练场";
    WhereDoesMyKeyGo: "Where does my key go?", "我的键放在哪里？";
    PreferenceList: "its nodes (first choice first)", "负责它的节点（首选在前）";
    ByReplica: "a replica: the first choice is down", "副本：首选节点已宕机";
    Unavailable: "unavailable: every node of its list is down", "不可用：列表中的节点全部宕机";
    NoVirtualNodes:
        "This algorithm places keys without a ring of points: the virtual nodes setting does not apply.",
        "该算法不靠环上的点来放置键：虚拟节点数的设置对它不适用。";
    VnodesComparedOnly: "The ring compared with it uses the setting.", "用来对比的那个环使用这个设置。";
    // After an algorithm's name.
    WeightsIgnored: " ignores the weights: every node gets an equal share of the keys.", "不考虑权重：各节点的份额相同。";
    KetamaPoints:
        "ketama sets its own points, as libketama does: 160 per server when all weigh alike, more for a heavier one. The virtual nodes setting does not apply.",
        "ketama 按 libketama 的规则自行设置环上的点：权重相同时每台服务器 160 个，权重大的更多。虚拟节点数的设置对它不适用。";
    MultiProbePoints:
        "Multi-probe puts one point per node on the ring and hashes each key several times, keeping the probe nearest a point. The virtual nodes setting does not apply.",
        "多探针一致性哈希在环上给每个节点只放一个点，每个键哈希多次，取离某个点最近的那次探测。虚拟节点数的设置对它不适用。";
    NoLeaderNow:
        "No leader right now: a server whose election timer runs out will start an election.",
        "当前没有领导者：选举计时器先到期的服务器将发起选举。";
    PanelTabs: "Panels", "面板";
    TabRing: "Hash ring", "哈希环";
    TabInspect: "Inspect", "查看";
    TabNetwork: "Network", "网络";
    TabCluster: "Cluster", "集群";
    TabFeed: "Events", "事件";
    TabHistory: "History", "历史";
    HistoryEmpty: "No client operations yet: press Client write, or open a scenario with clients.", "还没有客户端操作：点“客户端写入”，或打开带客户端的场景。";
    HistoryWhat: "One lane per client; each bar runs from an operation's call to its answer (dashed while it has none) and names it: put writes, get reads, cas compares and swaps, delete deletes. The tags (x1, x2, y1…) are the order, key by key, that explains every answer while respecting real time. Click a bar, or press Enter on it, to go to its call; the arrow keys move from bar to bar.", "每个客户端一条泳道；每个条形从操作发出一直延伸到收到回复（还没有回复时为虚线），上面写着操作：put 是写入，get 是读取，cas 是比较并交换，delete 是删除。标签（x1、x2、y1……）是按键排出的次序，它既符合实时顺序，又能解释每个回复。点击条形（或在条形上按 Enter）可跳到该操作发出的时刻；方向键可在条形之间移动。";
    HistoryLinearizable: "Linearizable: the tags give one order that explains every answer.", "线性一致：标签给出了一个能解释每个回复的次序。";
    HistoryUndecided: "Undecided: the search for an order hit its bound.", "无法判定：寻找次序的搜索达到了上限。";
    HistoryNoAnswer: "no answer yet", "尚无回复";
    Committed: "committed", "已提交";
    NotCommitted: "not yet known as committed by this server (by any, while it is down)", "此服务器尚不知道它已提交（宕机时：任何服务器都不知道）";
    AppliedState: "Key-value state", "键值状态";
    AppliedStateShort: "KV", "键值";
    PreCandidate: "pre-candidate", "预候选人";
    ZoomIn: "Larger", "放大";
    ZoomOut: "Smaller", "缩小";
    Zoom: "Zoom", "缩放";
    Memory: "Memory (WebAssembly)", "内存（WebAssembly）";
    BadParams:
        "Some settings in the link could not be used; they were left out.",
        "链接中的部分设置无法使用，已略去。";
    ExpectedWord: "expected", "应为";
    ExpectedSeed:
        "a whole number from 0 to 9007199254740991",
        "0 到 9007199254740991 之间的整数";
    ExpectedNodes: "a number of servers from 1 to 9", "1 到 9 之间的服务器数量";
    ExpectedLang: "en or zh", "en 或 zh";
    ExpectedTheme: "light or dark", "light 或 dark";
    ExpectedFlag: "1 or 0", "1 或 0";
    ExpectedView: "cluster, ring, both, store or lab", "cluster、ring、both、store 或 lab";
    ExpectedSpeed:
        "a speed: 0.04, 0.1, 0.2, 0.5, 1, 2, 5 or 20",
        "以下速度之一：0.04、0.1、0.2、0.5、1、2、5 或 20";
    ExpectedScenario: "a scenario id (see the scenario list)", "场景编号（见场景列表）";
    ExpectedBreak:
        "a Raft rule to break: fixed-timeouts, no-up-to-date-check, many-votes-per-term, commit-old-terms-by-count, local-reads, unconfirmed-reads, long-lease, lease-ignores-drift or reply-before-write",
        "要破坏的 Raft 规则：fixed-timeouts、no-up-to-date-check、many-votes-per-term、commit-old-terms-by-count、local-reads、unconfirmed-reads、long-lease、lease-ignores-drift 或 reply-before-write";
    ExpectedSetting:
        "a known setting: seed, nodes, lang, theme, paused, break, view, embed, speed, scenario, lab, lab-nodes, lab-keys, lab-trials, lab-seed",
        "已知的设置：seed、nodes、lang、theme、paused、break、view、embed、speed、scenario、lab、lab-nodes、lab-keys、lab-trials、lab-seed";
    Tagline:
        "Watch distributed systems happen",
        "亲眼看见分布式系统如何运转";
    Play:
        "Play",
        "播放";
    Pause:
        "Pause",
        "暂停";
    Network:
        "Network",
        "网络";
    Nodes:
        "Nodes",
        "节点";
    Seed:
        "Seed",
        "随机种子";
    Time:
        "Virtual time",
        "虚拟时间";
    Events:
        "Events",
        "事件";
    InFlight:
        "Messages in flight",
        "传输中的消息";
    Delivered:
        "Delivered",
        "已送达";
    Dropped:
        "Dropped",
        "已丢弃";
    NodeUp:
        "up",
        "运行中";
    NodeDown:
        "crashed",
        "宕机";
    SwitchLanguage:
        "中文",
        "English";
    Theme:
        "Switch light or dark theme",
        "切换浅色或深色主题";
    Dismiss:
        "Dismiss",
        "关闭";
    NewSeed:
        "New random seed",
        "换一个随机种子";
    Speed:
        "Speed",
        "速度";
    Sent:
        "Sent",
        "已发送";
    Leader:
        "leader",
        "领导者";
    Candidate:
        "candidate",
        "候选人";
    Follower:
        "follower",
        "跟随者";
    Term:
        "term",
        "任期";
    Commit:
        "Committed entries",
        "已提交的日志条目";
    StepBack:
        "Step back one event",
        "后退一个事件";
    StepForward:
        "Step forward one event",
        "前进一个事件";
    StepForwardTitle:
        "Step forward one event (in a scenario, its next action when that comes first)",
        "前进一个事件（在场景中，若场景的下一个动作早于下一个事件，则改为执行该动作）";
    Safety:
        "Safety (checked after every event)",
        "安全性（每个事件后检查）";
    WhatHappened:
        "What just happened",
        "刚刚发生了什么";
    NothingYet:
        "Nothing yet: press play.",
        "还没有发生什么：请按播放。";
    NothingYetPlaying:
        "Nothing yet: the servers are waiting for their election timers.",
        "还没有发生什么：服务器正在等待各自的选举计时器到期。";
    OtherChecks:
        "Terms, votes and commit bounds",
        "任期、投票与提交边界";
    Event:
        "event",
        "事件";
    Entry:
        "entry",
        "条目";
    EntriesNotShown:
        "entries not shown",
        "未显示的条目";
    CommitShort:
        "commit",
        "提交";
    AppliedShort:
        "applied",
        "已应用";
    Logs:
        "Logs",
        "日志";
    LogsHint:
        "One cell per log entry, its term inside; solid once its server knows it is committed (while it is down, once any server does), hatched until then: a restarted server knows again only when its leader tells it. Hover a cell for its command.",
        "每格一个日志条目，格内数字是它的任期；所在服务器已知其已提交的为实心（服务器宕机时，只要有任何服务器知道即可），其余的带斜线：重启的服务器要等领导者告知才重新知道。鼠标移到格上可看到其中的命令。";
    ClientWrite:
        "Client write",
        "客户端写入";
    LinkUp:
        "link up",
        "链路正常";
    SafetyBroken: "Safety broken", "安全性被破坏";
    OffScript:
        "You changed the run, so the scenario's captions no longer describe it and its script has stopped. Back replays the story to its previous cue; Leave the scenario plays on freely.",
        "你改变了这次运行，场景的说明已不再符合它，脚本也已停止。“上一步”会把故事重放到上一个提示点；“退出场景”则继续自由操作。";
    LinkCutOneWay:
        "cut one way",
        "单向切断";
    DirectionCut:
        "cut",
        "已切断";
    LinkCut:
        "cut both ways",
        "双向切断";
    Loss:
        "Message loss",
        "丢包率";
    ClusterSize:
        "Servers",
        "服务器数";
    Shortcuts:
        "Keyboard shortcuts",
        "键盘快捷键";
    KeySpace:
        "play or pause",
        "播放或暂停";
    KeyArrows:
        "outside a scenario: step one event back or forward (presenter clickers too)",
        "不在场景中时：后退或前进一个事件（演示翻页器同样可用）";
    KeyHelp:
        "show or hide this list",
        "显示或隐藏此列表";
    Close:
        "Close",
        "关闭";
    RaftExplainer:
        "A Raft cluster: the article's 主节点 is Raft's leader, its 从节点 the followers. A follower \
         that hears no heartbeat before its timer (the arc) runs out becomes a candidate and asks \
         for votes; a majority makes it leader. The leader appends client commands to its log and \
         replicates them. An entry of the leader's current term is committed once a majority \
         stores it, and every entry before it with it; an entry of an older term is never \
         committed by counting its copies (the paper's Figure 8). What Raft guarantees: committed \
         entries are never lost, every server applies the same commands in the same order, and \
         clients see linearizable reads and writes. It does not promise, as the article says, that \
         all nodes hold the same data at every moment.",
        "一个 Raft 集群：原文中的主节点就是 Raft 的领导者，从节点就是跟随者。跟随者在计时器（圆弧）耗尽前\
         没有收到心跳，就会成为候选人并请求投票；获得多数票即成为领导者。领导者把客户端命令追加到日志并复制给\
         其他服务器。领导者当前任期的条目一旦被多数派保存即被提交，它之前的所有条目也随之提交；更早任期的条目不会\
         仅凭副本数被提交（论文图 8）。Raft 保证的是：已提交的条目永不丢失，所有服务器按相同顺序应用相同的\
         命令，客户端看到线性一致的读写。它并不保证原文所说的“在任何时刻，所有节点上的数据都一致”。";
    LinkClick:
        "Click to inspect it: cut it one way or both ways, heal it, set its latency and loss",
        "点击查看：单向或双向切断、恢复、设置延迟与丢包率";
    InspectorHint:
        "Click a node, a link or a moving message to inspect it and act on it (keys 1–9 pick a node).",
        "点击服务器、链路或传输中的消息即可查看并操作（数字键 1–9 选择服务器）。";
    Inspector: "Inspector", "查看面板";
    Scores: "scores (highest wins)", "得分（最高者胜）";
    ClientOps: "client operations:", "客户端操作数";
    OpenFull: "Open in Ringleader ↗", "在 Ringleader 中打开 ↗";
    Scenario: "Guided scenario", "引导场景";
    FreePlay: "Free play", "自由操作";
    ConceptNodes: "Nodes", "节点";
    ConceptNetwork: "Network", "网络";
    ConceptDataDistribution: "Data distribution", "数据分布";
    ConceptConsistency: "Consistency", "一致性";
    ConceptFaultTolerance: "Fault tolerance", "故障容错";
    ConceptLoadBalancing: "Load balancing", "负载均衡";
    ScenarioStarts: "Watch: the story starts in a moment…", "请看：故事马上开始……";
    ScenarioWaits: "Press Next ▶ to start.", "按“下一步 ▶”开始。";
    Back: "◀ Back", "◀ 上一步";
    Next: "Next ▶", "下一步 ▶";
    TheEnd: "The end", "结束";
    LeaveScenario: "Leave the scenario", "退出场景";
    OpenScenario: "Open a scenario file", "打开场景文件";
    Share: "Share", "分享";
    ShareExplain:
        "This link holds the whole run: the seed, every setting and every action with its time. Opening it replays the run exactly and lands on this moment.",
        "此链接包含整个运行：随机种子、所有设置以及每个操作及其时间。打开它会精确重放运行并停在此刻。";
    ShareExplainStore:
        "This link holds the store's run: its settings, every fault and operation with its time. Opening it replays the run exactly and lands on this moment.",
        "此链接包含 Quorum 存储的运行：它的设置以及每个故障和操作及其时间。打开它会精确重放运行并停在此刻。";
    ShareExplainLab:
        "This link holds the experiment and its settings. Opening it runs the experiment again: being seeded, it gives the same results.",
        "此链接包含实验及其设置。打开它会重新运行实验：随机种子相同，结果也相同。";
    ShareLink: "Link to this run", "此运行的链接";
    Characters: "characters", "个字符";
    DownloadRun: "Download run file (JSON)", "下载运行文件（JSON）";
    OpenRun: "Open a run file", "打开运行文件";
    ExportSvg: "Export picture (SVG)", "导出图片（SVG）";
    ExportPng: "Export picture (PNG)", "导出图片（PNG）";
    ExportTrace: "Export trace (JSON)", "导出事件轨迹（JSON）";
    LinkUnusable: "This link could not be opened:", "无法打开此链接：";
    RunFileUnusable: "This run file could not be opened:", "无法打开此运行文件：";
    ScenarioFileUnusable: "This scenario file could not be used:", "无法使用此场景文件：";
    RunDefaults: "The playground opened a new run instead, with the other settings in the address (or the defaults).", "演练场改为开始一次新的运行，使用地址中的其他设置（没有则使用默认设置）。";
    RunKept: "The current run was kept as it was.", "当前的运行保持不变。";
    ViewChoice: "View", "视图";
    ClusterView: "Cluster", "集群";
    RingView: "Hash ring", "哈希环";
    BothViews: "Both", "并排";
    AboutHashRing: "About the hash ring", "关于哈希环";
    RingExplainer:
        "Keys are spread over nodes by hashing. On a consistent hashing ring each node owns the \
         arcs before its points (virtual nodes), so a node joining or leaving moves only about \
         its own share of the keys, where hash mod n moves almost all of them. Rendezvous and jump \
         move the minimum too; Maglev moves a little more to keep its table even; bounded loads \
         move more only when the cap is tight (see the Lab's Bounded loads). Consistent hashing (一致性哈希) is about where keys go, \
         not about data consistency (一致性).",
        "键通过哈希分布到各节点。在一致性哈希环上，每个节点拥有其各点（虚拟节点）之前的弧段，所以节点加入或\
         离开时只迁移大约属于它自己的那一份键，而取模哈希（hash mod n）几乎会迁移全部的键。rendezvous 哈希和跳跃一致性哈希\
         同样只迁移最少的键；Maglev 为了让查找表均匀，会多迁移一些；有界负载只有在上限很紧时才会多迁移（见实验室的“有界负载”）。\
         一致性哈希讲的是键放在哪里，与数据的一致性无关。";
    Algorithm: "Algorithm", "算法";
    CompareWith: "Compare with", "对比算法";
    NoComparison: "(none)", "（不对比）";
    VirtualNodes: "Virtual nodes per node", "每个节点的虚拟节点数";
    ReplicationFactor: "Replication factor N", "副本数 N";
    KeySet: "Key set", "键集合";
    UniformKeys: "uniform random keys", "均匀随机键";
    HotKeys: "hot keys (Zipf skew)", "热点键（Zipf 偏斜）";
    NamedKeys: "named keys, one per line", "指定的键（每行一个）";
    KeysWord: "keys", "键数";
    RequestsWord: "requests", "请求数";
    KeysCounted: "keys", "个键";
    RequestsCounted: "requests", "次请求";
    NodesAndLoad: "Nodes and their load (| = ideal)", "节点及其负载（| 为理想值）";
    Weight: "weight", "权重";
    MarkDown: "Down", "宕机";
    MarkUp: "Up", "恢复";
    MarkDownAria: "mark down", "标记为宕机";
    MarkUpAria: "mark up", "标记为恢复";
    RemoveNodeAria: "remove from the ring", "从哈希环移除";
    RemoveNode: "Remove", "移除";
    AddNode: "Add node", "添加节点";
    NewNodeName: "New node name", "新节点名称";
    EmptyRing: "The ring has no nodes: add one to place keys.", "哈希环上没有节点：请添加节点以放置键。";
    KetamaPaste: "Paste a ketama server list", "粘贴 ketama 服务器列表";
    KetamaHelp:
        "One server per line, host:port and a weight (libketama's format): the keys land where a memcached client using libketama would put them.",
        "每行一台服务器：host:port 与权重（libketama 格式）。键的位置与使用 libketama 的 memcached 客户端一致。";
    UseServerList: "Use this server list", "使用此服务器列表";
    Hash: "hash", "哈希";
    ServedBy: "served by", "服务节点";
    LostKey: "nobody: unavailable until one of its nodes is back", "无：在它的某个节点恢复前不可用";
    Replicas: "replicas", "副本";
    KeysMoved: "keys moved", "迁移的键";
    RequestsMoved: "requests moved", "迁移的请求";
    ModNShort: "hash mod n", "取模哈希";
    // A least for a placement that ends exactly even: a ring may move less and stay uneven.
    Optimum: "with exactly even loads, at least", "负载完全均衡时至少迁移";
    OptimumByWeight: "with loads exactly by weight, at least", "负载完全按权重分配时至少迁移";
    NoKeysToPlace: "No keys to place: no load to compare.", "没有要放置的键，也就没有负载可比较。";
    MaxOverMean: "max/mean", "最大/平均";
    MaxOverShare: "max/share by weight", "最大/按权重应得";
    Spread: "spread (CV)", "变异系数（CV）";
    Theory: "theory", "理论值";
    LostKeys: "unavailable", "不可用";
    WentDown: "went down: nothing moved; its keys are served by a replica or wait for it", "宕机：键没有迁移，它的键由副本提供，或等待它恢复";
    WentDownNoReplica: "went down: nothing moved; with no replica up, its keys are unavailable until it is back", "宕机：键没有迁移；没有可用的副本，它的键在它恢复之前无法访问";
    CameBack: "is back: its keys are served by it again", "已恢复：它的键重新由它提供";
    WentDownMany: "went down: nothing moved; their keys are served by a replica or wait for them", "宕机：键没有迁移，它们的键由副本提供，或等待它们恢复";
    WentDownManyNoReplica: "went down: nothing moved; with no replica up, their keys are unavailable until they are back", "宕机：键没有迁移；没有可用的副本，它们的键在它们恢复之前无法访问";
    CameBackMany: "are back: their keys are served by them again", "已恢复：它们的键重新由它们提供";
    WentDownBounded: "went down: bounded loads place keys on live nodes only, so its keys moved", "宕机：有界负载只把键放在存活的节点上，所以它的键迁移了";
    WentDownBoundedMany: "went down: bounded loads place keys on live nodes only, so their keys moved", "宕机：有界负载只把键放在存活的节点上，所以它们的键迁移了";
    CameBackBounded: "is back: bounded loads place keys on it again, so keys moved", "已恢复：有界负载重新把键放到它上面，所以有些键迁移了";
    CameBackBoundedMany: "are back: bounded loads place keys on them again, so keys moved", "已恢复：有界负载重新把键放到它们上面，所以有些键迁移了";
    And: "and", "和";
    FromReplica: "from a replica", "由副本提供";
    GoToEvent: "Go to this moment of the run", "跳到运行中的这一时刻";
    CommitIndex: "commit index", "提交索引";
    ClickToSelect: "select to inspect and act", "选择以查看和操作";
    VotedFor: "voted for", "投票给";
    NoMajorityBadge: "no majority", "联系不到多数派";
    NoMajorityLeader:
        "cut off from a majority: nothing new can commit through it. It cannot see this itself: to it, a cut link looks like a slow one.",
        "与多数派失去联系：新条目无法通过它提交。它自己看不到这一点：在它看来，断开的链路就像很慢的链路。";
    NoMajorityExplained:
        "It still leads its term, but counting itself, the servers it can exchange messages with are fewer than a majority: \
         nothing new can commit through it. It cannot see this itself: to it, a cut link looks like a slow one. \
         When it hears of a higher term, it steps down.",
        "它仍是本任期的领导者，但算上自己，能与它互通消息的服务器也不到多数：新条目无法通过它提交。\
         它自己看不到这一点：在它看来，断开的链路就像很慢的链路。一旦得知更高的任期，它就会下台。";
    NoMajorityAnywhere:
        " No group of servers can form a majority now, so no other leader can be elected either.",
        "现在没有任何一组服务器能组成多数派，所以也选不出别的领导者。";
    NoMajorityCheckQuorum:
        " With CheckQuorum on, it also steps down by itself once an election timeout passes without hearing from a majority.",
        "开启多数派检查（CheckQuorum）后，它若在一个选举超时内没有收到多数派的回应，也会自行下台。";
    Client: "client", "客户端";
    Clients: "clients", "客户端";
    SpaceTime:
        "Space-time diagram: one lane per node, each message an arrow from sender to receiver",
        "时空图：每台服务器一条泳道，每条消息是从发送方到接收方的箭头";
    Now: "now", "现在";
    ForkedInfo:
        "You acted in the past: the recorded future was discarded and the run continues from here.",
        "你在过去的时刻进行了操作：原来记录的未来已被丢弃，运行从此处分叉继续。";
    RunOverSettingsInfo:
        "This link holds a run: it opened as it was saved, and the scenario named in the address was not used.",
        "此链接包含一次运行：它按保存时的样子打开，地址中指定的场景未被使用。";
    OpeningCancelledInfo:
        "Opening the run was cancelled: the run before it was kept as it was.",
        "已取消打开运行：之前的运行保持不变。";
    RestartedInfo:
        "The settings changed, so the run started again from time zero with the same seed.",
        "设置已更改，运行已用同一随机种子从零时刻重新开始。";
    ForkedAt: "forked at event", "分叉于事件";
    KeySelect: "select node 1 to 9", "选择第 1 到 9 台服务器";
    KeyCrash: "crash or restart the selected node", "让选中的服务器宕机或重启";
    KeyTimeout: "force the selected node to time out", "强制选中的服务器超时";
    KeyWriteRead: "client write or read through the selected node; in the quorum store, client C1 puts or gets x (1–9, c, i and h act on the store's nodes as on Raft servers)", "客户端经选中的服务器写入或读取；在 Quorum 存储中，客户端 C1 写入或读取 x（1–9、c、i、h 作用于存储的节点，与作用于服务器时相同）";
    KeyIsolate: "isolate the selected node", "隔离选中的服务器";
    KeyHeal: "heal every link", "恢复所有链路";
    KeyZoom: "larger or smaller stage and captions; back to normal", "放大或缩小舞台与字幕；恢复原大小";
    KeyNextCue: "in a scenario: play on to the next cue (pressed again on the way: jump there), or back to the previous cue (presenter clickers too, also on the scenario list, which opens with Space or Alt+↓, and on any setting)", "在场景中：继续播放到下一个提示点（途中再按一次：直接跳到那里），或回到上一个提示点（演示翻页器同样可用，焦点在场景列表或任何设置上时也是；列表用空格键或 Alt+↓ 打开）";
    KeyEscape: "clear the selection", "取消选择";
    KeyTab: "move between controls, nodes and links; act on the focused one", "在控件、服务器和链路间移动；操作当前焦点";
    SpeedMeans: "At 1× a second shows 50 ms of the cluster's time (a twentieth of real time), slow enough to follow each message; 20× is real time.", "1× 时，每秒显示集群的 50 毫秒（真实时间的二十分之一），慢到可以看清每条消息；20× 即真实时间。";
    Statistics: "Statistics", "统计";
    Timeline: "Timeline: drag to any moment", "时间轴：拖动到任意时刻";
    ClientWriteHint: "The client sends a write to the cluster (it finds the leader)", "客户端向集群发送一次写入（自动寻找领导者）";
    KnownLeader: "leader it knows", "已知的领导者";
    LogLength: "last log index", "最后日志索引";
    ElectionTimer: "election timer", "选举计时器";
    Crash: "Crash", "使其宕机";
    Restart: "Restart", "重启";
    ForceTimeout: "Force timeout", "强制超时";
    ForceTimeoutBreaksLease: "with lease reads on, this breaks the server's promise to cast no vote during its leader's lease (it votes for itself), as a clock beyond the drift bound would, so a stale lease read can follow", "已开启租约读，这会违背它在领导者租约期内不投票的承诺（它会投自己一票），就像时钟漂移超出上限时一样；之后租约读可能返回旧值";
    WriteVia: "Client write here", "客户端经此服务器写入";
    ReadVia: "Client read here", "客户端经此服务器读取";
    Isolate: "Isolate", "隔离";
    Reconnect: "Reconnect", "重新连接";
    CutVerb: "Cut", "切断";
    CutBoth: "Cut both ways", "双向切断";
    Heal: "Heal", "恢复";
    LatencyMin: "Latency min (ms)", "最小延迟（毫秒）";
    LatencyMax: "Latency max (ms)", "最大延迟（毫秒）";
    UseGlobal: "Use the global settings", "使用全局设置";
    FateInFlight: "in flight", "传输中";
    FateDelivered: "delivered", "已送达";
    FateLost: "lost on the way (message loss)", "途中被丢弃（随机丢包）";
    FateCut: "dropped: the link was cut", "被丢弃：链路已切断";
    FateNodeDown: "dropped: the receiver was down", "被丢弃：接收方已宕机";
    SentAt: "sent at", "发送时间";
    EndsAt: "arrives (or dies) at", "到达（或被丢弃）时间";
    Fate: "fate", "结果";
    GroupA: "first group", "第一组";
    GroupB: "second group", "第二组";
    NetworkSettings: "Network (applies now)", "网络（立即生效）";
    PartitionHint:
        "Network partition: choose the first group, then split. Splitting first heals every link, including cuts made by hand, then cuts the links between the groups.",
        "网络分区：选择第一组，然后分割。分割会先恢复所有链路（包括手动切断的），再切断两组之间的链路。";
    Copy: "Copy", "复制";
    Copied: "Copied", "已复制";
    CopyFailed: "Select the link and copy it by hand", "请选中链接后手动复制";
    Split: "Split into two groups", "分成两组";
    HealAll: "Heal all links", "恢复所有链路";
    ClusterSettings: "Cluster (restarts the run)", "集群（将重新开始运行）";
    RestartsRun: "Changing these starts the run again from time zero with the same seed.", "更改这些设置会用同一随机种子从零时刻重新开始运行。";
    ElectionMin: "Election timeout min (ms)", "选举超时下限（毫秒）";
    ElectionMax: "Election timeout max (ms)", "选举超时上限（毫秒）";
    Heartbeat: "Heartbeat interval (ms)", "心跳间隔（毫秒）";
    DiskWrite: "Disk write (ms)", "磁盘写入（毫秒）";
    DiskWriting: "writing its term, vote and log to disk: a crash now would lose the write", "正在把任期、投票和日志写入磁盘：此刻宕机会丢失这次写入";
    SlowHeartbeat:
        "Heartbeats are not faster than the shortest election timeout: followers will time out even with a healthy leader.",
        "心跳不比最短选举超时更快：即使领导者正常，跟随者也会超时。";
    PreVote:
        "Pre-Vote",
        "预投票（Pre-Vote）";
    PreVoteWhy:
        "a server first asks whether it could win, so a rejoining server cannot disrupt a working leader",
        "服务器先询问自己能否胜选，因此重新加入的服务器不会干扰正常工作的领导者";
    CheckQuorum:
        "CheckQuorum",
        "多数派检查（CheckQuorum）";
    CheckQuorumWhy:
        "a leader that cannot reach a majority steps down, and followers ignore vote requests while they hear a leader",
        "联系不到多数派的领导者会主动下台；能收到领导者消息的跟随者不理会投票请求";
    TeachingSwitches: "Teaching switches: break one rule and watch", "教学开关：破坏一条规则并观察后果";
    BreakFixed: "Same timeout everywhere", "所有服务器的选举超时相同";
    BreakFixedWhy:
        "no randomness: candidates keep splitting the vote and no leader is elected",
        "没有随机性：候选人不断瓜分选票，始终选不出领导者";
    BreakUpToDate: "Vote without the log check", "投票不检查日志";
    BreakUpToDateWhy:
        "a server with a stale log can win and overwrite committed entries (Leader Completeness ✗)",
        "日志落后的服务器也能当选并覆盖已提交的条目（领导者完整性 ✗）";
    BreakManyVotes: "Many votes per term", "每任期可投多票";
    BreakManyVotesWhy:
        "a server votes for every candidate: two leaders in one term (Election Safety ✗)",
        "服务器给每个候选人都投票：同一任期出现两个领导者（选举安全 ✗）";
    BreakLocalReads: "Reads from any server's own state", "任一服务器直接用本地状态回答读请求";
    BreakLocalReadsWhy:
        "a follower or a deposed leader answers a read at once, without the log: it can return a value older than a write that already completed (Linearizability ✗, see the History tab)",
        "跟随者或已被取代的领导者不经日志、立即回答读请求：它可能返回比一个已完成的写入更旧的值（线性一致性 ✗，见“历史”标签页）";
    BreakUnconfirmed: "Leader reads without confirming", "领导者不确认身份就回答读请求";
    BreakUnconfirmedWhy:
        "a leader answers ReadIndex and lease reads from its own state at once: if it has been cut off by a partition and replaced, it returns old values (Linearizability ✗)",
        "领导者立即用本地状态回答 ReadIndex 读和租约读：若它已被分区隔开、被新领导者取代，就会返回旧值（线性一致性 ✗）";
    BreakLongLease: "Lease longer than the election timeout", "租约长于选举超时";
    BreakLongLeaseWhy:
        "the lease lasts twice the maximum election timeout: a new leader is elected and writes while the old one still answers lease reads (Linearizability ✗)",
        "租约为最大选举超时的两倍：新领导者已当选并完成写入时，旧领导者仍在用租约回答读请求（线性一致性 ✗）";
    BreakDrift: "Lease ignores clock drift", "租约不考虑时钟漂移";
    BreakDriftWhy:
        "the lease is the whole minimum election timeout, as if clocks were perfect: a leader with a slow clock keeps it after a follower with a fast clock has timed out (Linearizability ✗ with drifting clocks)",
        "租约取满整个最小选举超时，仿佛时钟绝对准确：时钟偏慢的领导者仍自认持有租约，而时钟偏快的跟随者早已超时（时钟漂移时线性一致性 ✗）";
    BreakReplyFirst: "Reply before the disk write", "写盘之前就回复";
    BreakReplyFirstWhy:
        "a server answers vote requests and AppendEntries before its term, vote and log are on disk: a crash before the write completes takes back a vote or an entry the others already counted, and a committed entry can be lost (only with a Disk write time above 0 ms)",
        "服务器在任期、投票和日志写入磁盘之前就回复投票请求和 AppendEntries：若在写完之前宕机，其他服务器已经算上的投票或条目就会丢失，已提交的条目也可能丢失（仅当“磁盘写入”大于 0 毫秒时有效）";
    ClientsAndClocks: "Clients and clocks (restarts the run)", "客户端与时钟（将重新开始运行）";
    ReadPathsWhy:
        "Each client reads its own way: through the log (safe, one log entry per read), by ReadIndex (the leader confirms with a heartbeat round that it still leads and waits until its commit index of that moment is applied; no log entry) or by lease (the leader answers at once as long as a majority acknowledged it within the lease; safe only while clocks drift less than the bound). The keyboard shortcuts W and R act as C1.",
        "每个客户端可选读取方式：经日志（安全，每次读都写一条日志）、ReadIndex（领导者先用一轮心跳确认自己仍是领导者，并等应用到当时的提交索引；不写日志）或租约读（只要多数派在租约期内确认过它，领导者就立即回答；只有时钟漂移不超过上限才安全）。快捷键 W 和 R 以 C1 身份操作。";
    ClientCount: "Clients", "客户端数量";
    ReadPathLabel: "Reads", "读取方式";
    ReadByLog: "through the log", "经日志读取";
    ReadByIndex: "ReadIndex", "ReadIndex 读取";
    ReadByLease: "lease", "租约读取";
    OwnWorkload: "Sends operations by itself", "自动发送操作";
    ReadShare: "Read share (%)", "读占比（%）";
    KeyCount: "Keys", "键数";
    ThinkMs: "Pause (ms)", "间隔（毫秒）";
    MsUnit: "ms", "毫秒";
    ClockRate: "Clock rate (%)", "时钟速率（%）";
    ClocksWhy:
        "100 keeps real time; 50 runs at half speed, 200 at double. Every server measures its timeouts, heartbeats and lease on its own clock.",
        "100 表示走时准确；50 为半速，200 为双倍速。每台服务器都用自己的时钟计量超时、心跳和租约。";
    DriftBound: "Drift bound (%)", "漂移上限（%）";
    LeaseIs:
        "Lease = minimum election timeout × (1 − bound) ÷ (1 + bound) =",
        "租约 = 最小选举超时 ×（1 − 上限）÷（1 + 上限）=";
    LeaseBadge: "lease", "租约";
    ClockBadge: "clock", "时钟";
    LeaseHeld:
        "This leader holds a lease: it answers lease reads at once until the bar runs out",
        "该领导者持有租约：在进度条耗尽之前，它会立即回答租约读请求";
    BreakOldTerms: "Commit old terms by counting", "按副本数提交旧任期条目";
    BreakOldTermsWhy:
        "the Figure 8 mistake: an entry counted as committed can later be overwritten (State Machine Safety ✗)",
        "论文图 8 演示的错误做法：被计为已提交的条目之后可能被覆盖（状态机安全 ✗）";

}

/// The name of a Raft safety property (paper Figure 3) in the page's language.
pub fn property_name(p: crate::check::Property, lang: Lang) -> &'static str {
    use crate::check::Property::*;
    match (lang, p) {
        (Lang::En, p) => p.name(),
        (Lang::Zh, ElectionSafety) => "选举安全",
        (Lang::Zh, LeaderAppendOnly) => "领导者只追加",
        (Lang::Zh, LogMatching) => "日志匹配",
        (Lang::Zh, LeaderCompleteness) => "领导者完整性",
        (Lang::Zh, StateMachineSafety) => "状态机安全",
        (Lang::Zh, TermNeverDecreases) => "任期不减（以磁盘为准）",
        (Lang::Zh, OneVotePerTerm) => "每任期一票",
        (Lang::Zh, EntryTermsBounded) => "条目任期有界且有序",
        (Lang::Zh, CommitWithinLog) => "提交与应用不超出日志",
        (Lang::Zh, CommitOnMajority) => "只提交多数派已存储的条目",
        (Lang::Zh, CommittedKept) => "已提交条目不丢失（以磁盘为准）",
        (Lang::Zh, VoteRecorded) => "投出的票已持久记录",
        (Lang::Zh, CrashRestoresDisk) => "宕机后恢复为磁盘所存状态",
        (Lang::Zh, AppliedStateMatchesLog) => "状态机与已提交日志一致",
        (Lang::Zh, RepliesMatchLog) => "客户端回复与已提交日志一致",
        (Lang::Zh, DownNodesSilent) => "宕机服务器保持静默",
        (Lang::Zh, Linearizability) => "线性一致性",
    }
}

/// What a URL setting should have been, in words.
pub fn expected(e: crate::playground::page::Expected, lang: Lang) -> &'static str {
    use crate::playground::page::Expected::*;
    t(
        lang,
        match e {
            Seed => Text::ExpectedSeed,
            Nodes => Text::ExpectedNodes,
            Lang => Text::ExpectedLang,
            Theme => Text::ExpectedTheme,
            OneOrZero => Text::ExpectedFlag,
            View => Text::ExpectedView,
            Speed => Text::ExpectedSpeed,
            Scenario => Text::ExpectedScenario,
            Break => Text::ExpectedBreak,
            Experiment => Text::ExpectedExperiment,
            LabNumber => Text::ExpectedLabNumber,
            KnownSetting => Text::ExpectedSetting,
        },
    )
}

/// A ring lab refusal, in words.
pub fn ring_error(e: &crate::ring::RingError, lang: Lang) -> String {
    use crate::ring::RingError::*;
    match (lang, e) {
        (Lang::En, e) => e.to_string(),
        (Lang::Zh, NoMembers) => "环上没有节点：请先添加一个节点再放置键。".into(),
        (Lang::Zh, NoSuchMember(id)) => format!("没有节点 {id}。"),
        (Lang::Zh, NoNodeNamed(name)) => format!("环上没有节点 {name}。"),
        (Lang::Zh, TooManyMembers(n)) => format!("最多只能有 {n} 个节点。"),
        (Lang::Zh, BadName(n)) if n.is_empty() => "节点需要一个名称。".into(),
        (Lang::Zh, BadName(n)) => format!("已有名为“{n}”的节点。"),
        (Lang::Zh, ZeroWeight(n)) => format!("{n}：权重至少为 1。"),
        (Lang::Zh, JumpRemovesLastOnly { name }) => {
            format!("跳跃一致性哈希只能移除最后一个桶；{name} 不是最后一个节点。")
        }
        (Lang::Zh, UnknownAlgorithm(name)) => format!("未知的算法“{name}”。"),
        (Lang::Zh, Vnodes) => format!("虚拟节点数应为 1 到 {} 个。", crate::ring::algo::MAX_VNODES),
        (Lang::Zh, Capacity) => "容量系数 c 应在 1.00 到 10.00 之间。".into(),
        (Lang::Zh, Probes) => format!("探测次数应为 1 到 {} 次。", crate::ring::algo::MAX_PROBES),
        (Lang::Zh, MaglevTable(size)) => format!(
            "Maglev 表的大小应为质数，不小于节点数且不超过 {}（{size} 不符合）。",
            crate::ring::algo::MAX_TABLE
        ),
        (Lang::Zh, BadServerLine(no, line)) => {
            format!("第 {no} 行：“{line}”不是“host:port 权重”的格式（中间用空格或制表符分隔）。")
        }
    }
}

/// How a file's JSON differs from what Ringleader reads, in words (English: the reader's own).
pub fn json_shape(shape: &crate::share::json::Shape, lang: Lang) -> String {
    use crate::share::json::{Kind, Shape, Want};
    let want = |w: Want| match w {
        Want::Object => "对象",
        Want::List => "列表",
        Want::Boolean => "true 或 false",
        Want::String => "字符串",
        Want::Whole => "整数",
        Want::Variant => "名称或只有一个键的对象",
        Want::Nothing => "null",
        Want::Concept => "概念名称",
    };
    let kind = |k: Kind| match k {
        Kind::Null => "null",
        Kind::Boolean => "布尔值",
        Kind::Number => "数字",
        Kind::String => "字符串",
        Kind::List => "列表",
        Kind::Object => "对象",
    };
    match (lang, shape) {
        (Lang::En, shape) => shape.to_string(),
        (Lang::Zh, Shape::TooDeep) => format!("嵌套超过了 {} 层", crate::share::json::MAX_DEPTH),
        (Lang::Zh, Shape::Expected { want: w, found }) => {
            // Latin words (null, true) keep a space from the Chinese beside them.
            let spaced = |s: &str| {
                if s.starts_with(|c: char| c.is_ascii()) {
                    format!(" {s}")
                } else {
                    s.to_string()
                }
            };
            format!("应为{}，实际是{}", spaced(want(*w)), spaced(kind(*found)))
        }
        (Lang::Zh, Shape::Count { want, found }) => {
            format!("应为含 {want} 个值的列表，实际有 {found} 个值")
        }
        (Lang::Zh, Shape::MoreThan { text, max }) => format!("{text} 大于 {max}"),
        (Lang::Zh, Shape::NotWhole { text, max }) => {
            format!("{text} 不是 0 到 {max} 之间的整数")
        }
        (Lang::Zh, Shape::Keys(n)) => {
            format!("应为名称或只有一个键的对象，实际是有 {n} 个键的对象")
        }
        (Lang::Zh, Shape::NotOneOf { name, names }) => {
            format!("“{name}”不是 {} 之一", names.replace(", ", "、"))
        }
        (Lang::Zh, Shape::NoItem(i)) => format!("列表中没有下标为 {i} 的项"),
    }
}

/// What a run holds that the page could not have made, in words (for "the run has an
/// impossible setting: …").
pub fn impossible(what: &crate::share::Impossible, lang: Lang) -> String {
    use crate::ring::algo::MAX_VNODES;
    use crate::ring::lab::{MAX_LAB_KEYS, MAX_LAB_MEMBERS};
    use crate::share::Impossible::*;
    if let (Lang::En, Run(e)) = (lang, what) {
        // Its counts grouped, as in Chinese and on the error line.
        return run_error(e, lang);
    }
    if lang == Lang::En {
        return what.to_string();
    }
    match what {
        Seed(seed) => format!("随机种子 {seed}（最大 {}）", crate::share::MAX_SEED),
        Servers(n) => format!(
            "{n} 台服务器（应为 1 到 {} 台）",
            crate::share::limits::MAX_SERVERS
        ),
        StoreNodes(n) => format!(
            "{n} 个存储节点（应为 3 到 {} 个）",
            crate::share::limits::MAX_SERVERS
        ),
        ElectionTimeout { min_ms, max_ms } => format!("选举超时 {min_ms}–{max_ms} 毫秒"),
        Heartbeat(ms) => format!("心跳间隔 {ms} 毫秒"),
        Latency { min_ms, max_ms } => format!("延迟 {min_ms}–{max_ms} 毫秒"),
        Chance => "概率超过 100%".into(),
        Clients(n) => format!("{n} 个客户端（应为 1 到 5 个）"),
        ClientRetry => "客户端重试时间".into(),
        DiskWrite(ms) => format!("磁盘写入 {ms} 毫秒"),
        Setups { given, clients } => {
            format!("{given} 个客户端的设置，但只有 {clients} 个客户端")
        }
        Workload {
            read_pct,
            keys,
            think_ms,
        } => format!("客户端工作负载（读占比 {read_pct}%，{keys} 个键，间隔 {think_ms} 毫秒）"),
        ClockRates => "时钟速率超出 25%–400% 的范围".into(),
        ClockRate(pct) => format!("时钟速率 {pct}%"),
        DriftBound(pct) => format!("时钟漂移上限 {pct}%"),
        RingNodes(n) => format!("环上 {n} 个节点（最多 {MAX_LAB_MEMBERS} 个）"),
        RingNode { name, weight } => format!("环上的节点“{name}”权重为 {weight}"),
        Ring(e) => ring_error(e, lang).trim_end_matches('。').to_string(),
        Algorithm(name) => format!("未知的算法“{name}”"),
        Vnodes(n) => format!("{n} 个虚拟节点（应为 1 到 {MAX_VNODES} 个）"),
        Replicas(n) => format!("副本数 {n}"),
        Keys(n) => format!("{n} 个键（最多 {MAX_LAB_KEYS} 个）"),
        NoSuchNode(n) => format!("作用于不存在的 {n} 的操作"),
        OutOfOrder => "操作没有按时间排序".into(),
        TooLate => "操作的时间超出了链接能重放的最长运行时长".into(),
        LatencyUpsideDown => "延迟范围的下限大于上限".into(),
        Moment => "所示时刻不在运行的时间范围内".into(),
        ViewLangTheme => "未知的视图、语言或主题".into(),
        Timeout => "协调者的超时设置".into(),
        SpeedStep(step) => format!("速度档位 {step}"),
        Action { index, of, at_ms } => {
            format!("共 {of} 个操作中的第 {index} 个（在 {at_ms} 毫秒时）")
        }
        RunLength { s, max_s } => format!("时长 {s} 秒的运行（最长 {max_s} 秒）"),
        Store(fault) => store_fault(fault),
        Run(e) => run_error(e, lang),
        NoScenario(id) => format!("不存在的 Quorum 存储场景“{id}”"),
    }
}

/// The quorum store's settings that no run can have, in Chinese.
fn store_fault(fault: &crate::quorum::ConfigFault) -> String {
    use crate::quorum::ConfigFault::*;
    match *fault {
        Nodes(n) => format!("{n} 个节点（应为 1 到 9 个）"),
        Clients(n) => format!("{n} 个客户端（应为 1 到 5 个）"),
        N { n, nodes } => format!("N = {n}，但只有 {nodes} 个节点"),
        Quorums { w, r, n } => format!("W = {w}、R = {r}（都应为 1 到 N = {n}）"),
        Tries => "协调者至少要询问一次".into(),
        Load(l) => format!(
            "工作负载（读占比 {}%，{} 个键，间隔 {} 毫秒）",
            l.read_pct, l.keys, l.think_ms
        ),
    }
}

/// A bound of the simulation the run reached, in words, its counts grouped as the page
/// writes them (no full stop: it ends a sentence or an aside).
pub fn run_error(e: &crate::sim::TimelineError, lang: Lang) -> String {
    use super::num::grouped;
    use crate::sim::{SimError, TimelineError};
    match (lang, e) {
        (Lang::En, TimelineError::TraceFull { limit }) => {
            format!(
                "the run reached its length limit of {} events",
                grouped(*limit)
            )
        }
        (Lang::En, TimelineError::Sim(SimError::QueueFull { limit })) => format!(
            "the event queue is full ({} events): too many messages in flight",
            grouped(*limit as u64)
        ),
        (Lang::En, e) => e.to_string(),
        (Lang::Zh, TimelineError::TraceFull { limit }) => {
            format!("运行已达到 {} 个事件的长度上限", grouped(*limit))
        }
        (Lang::Zh, TimelineError::Sim(SimError::QueueFull { limit })) => format!(
            "事件队列已满（{} 个事件）：传输中的消息太多",
            grouped(*limit as u64)
        ),
        (Lang::Zh, TimelineError::Sim(SimError::CommandInPast { at, earliest })) => {
            format!("{at} 的操作已成为过去（最早可在 {earliest} 执行）")
        }
        (Lang::Zh, TimelineError::Sim(SimError::NoSuchNode(n))) => format!("没有服务器 {n}"),
    }
}

/// What the page's error line says, as a sentence.
pub fn failure(f: &super::chrome::Failure, lang: Lang) -> String {
    use super::chrome::Failure;
    use super::share::Refused;
    match (lang, f) {
        (Lang::En, Failure::Run(e)) => {
            let e = run_error(e, lang);
            let mut first = e.chars();
            let head = first.next().map(|c| c.to_ascii_uppercase()).unwrap_or(' ');
            format!("{head}{}.", first.as_str())
        }
        (Lang::Zh, Failure::Run(e)) => format!("{}。", run_error(e, lang)),
        (Lang::En, Failure::Step(errors)) => {
            let each: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            format!(
                "A scenario step could not be carried out: {}.",
                each.join("; ")
            )
        }
        (Lang::Zh, Failure::Step(errors)) => {
            let each: Vec<String> = errors
                .iter()
                .map(|e| ring_error(e, lang).trim_end_matches('。').to_string())
                .collect();
            format!("场景中的一步无法执行：{}。", each.join("；"))
        }
        (Lang::En, Failure::NoScenario(id)) => format!("There is no store scenario called {id}."),
        (Lang::Zh, Failure::NoScenario(id)) => format!("没有名为“{id}”的 Quorum 存储场景。"),
        (Lang::En, Failure::Refused(r)) => match r {
            Refused::File => "The browser refused to make the file.",
            Refused::Json => "The run could not be written as JSON.",
            Refused::NotShown => "The picture to export is not on the page.",
            Refused::Picture => "The picture could not be made from the page.",
        }
        .into(),
        (Lang::Zh, Failure::Refused(r)) => match r {
            Refused::File => "浏览器拒绝生成该文件。",
            Refused::Json => "无法把这次运行写成 JSON。",
            Refused::NotShown => "要导出的图不在页面上。",
            Refused::Picture => "无法从页面生成这张图。",
        }
        .into(),
    }
}

/// Why a scenario file cannot be played, in words.
pub fn scenario_fault(fault: &crate::scenario::Fault, lang: Lang) -> String {
    use crate::scenario::{Fault::*, Part, MAX_STEPS};
    if lang == Lang::En {
        return fault.to_string();
    }
    match fault {
        Id => "场景需要一个 1 到 64 个字符的编号（id）".into(),
        TooLong {
            part,
            chinese,
            max,
            bytes,
        } => {
            let which = if *chinese { "中文" } else { "英文" };
            match part {
                Part::Title => {
                    format!("{which}标题超过 {max} 个字符（{bytes} 字节）；请保持在一行之内")
                }
                Part::Name => format!("{which}名称超过 {max} 个字符（{bytes} 字节）"),
                Part::Caption(step) => {
                    format!("第 {step} 步的{which}字幕超过 {max} 个字符（{bytes} 字节）")
                }
            }
        }
        View(view) => format!("视图“{view}”不是 cluster、ring 或 both"),
        Steps => format!("场景需要 1 到 {MAX_STEPS} 步"),
        Run(e) => share_error(e, lang),
        Vnodes { step, asked } => format!(
            "第 {step} 步要求 {asked} 个虚拟节点（应为 1 到 {} 个）",
            crate::ring::algo::MAX_VNODES
        ),
        Replicas { step, asked } => format!(
            "第 {step} 步要求 {asked} 个副本（应为 1 到 {} 个）",
            crate::ring::lab::MAX_REPLICAS
        ),
        RingNode { step, name } => format!("第 {step} 步提到的节点“{name}”不在环上"),
        Client {
            step,
            client,
            clients,
        } => format!("第 {step} 步让客户端 {client} 发送请求，但集群只有 {clients} 个客户端"),
        OutOfOrder { step } => format!("第 {step} 步的时间早于上一步"),
        PastAnHour { step } => format!("第 {step} 步的时间距运行开始超过一小时"),
    }
}

/// Why a share link or a run file cannot be used, in words.
pub fn share_error(e: &crate::share::ShareError, lang: Lang) -> String {
    use crate::share::ShareError::*;
    match (lang, e) {
        (Lang::En, e) => e.to_string(),
        (Lang::Zh, NotALink) => "这不是 Ringleader 的运行（字符或格式不对）".into(),
        (Lang::Zh, FutureVersion { found, newest }) => format!(
            "这个运行由更新版本的 Ringleader 保存（格式 {found}；本版本最多读取格式 {newest}）"
        ),
        (Lang::Zh, Truncated) => "运行数据提前结束：链接在复制时被截断了，或者末尾被改动过".into(),
        (Lang::Zh, Damaged) => "运行数据已损坏：校验和不符（链接是否被改动过？）".into(),
        (Lang::Zh, Invalid(what)) => format!("运行中有不可能的设置：{}", impossible(what, lang)),
        (Lang::Zh, TooLarge) => "运行数据比 Ringleader 能写出的任何运行都大".into(),
    }
}

/// An aside in parentheses after a word: ` (…)` in English, full-width `（…）` in Chinese,
/// whose typography puts no space before it.
pub fn aside(lang: Lang, inner: &str) -> String {
    match lang {
        Lang::En => format!(" ({inner})"),
        Lang::Zh => format!("（{inner}）"),
    }
}

/// A ring's points come in whole numbers: a node whose weight asks for `asked` hundredths of
/// a point gets `points` (see `ring::algo::rounded_weight`), and its share follows them.
pub fn weight_rounded(
    lang: Lang,
    vnodes: u32,
    name: &str,
    weight: u32,
    points: u64,
    asked: u64,
) -> String {
    let (whole, cents) = (asked / 100, asked % 100);
    let asked = match cents {
        0 => whole.to_string(),
        c if c % 10 == 0 => format!("{whole}.{}", c / 10),
        c => format!("{whole}.{c:02}"),
    };
    match lang {
        Lang::En => format!(
            "With {vnodes} virtual node{} per weight of 100, points come in whole numbers: {name} (weight {weight}) has {points} point{} where its weight asks for {asked}, and its share follows its points.",
            if vnodes == 1 { "" } else { "s" },
            if points == 1 { "" } else { "s" }
        ),
        Lang::Zh => format!(
            "每 100 权重对应 {vnodes} 个虚拟节点，而点数只能是整数：{name}（权重 {weight}）按权重应有 {asked} 个点，实际有 {points} 个，它的份额按点数计。"
        ),
    }
}

/// What a broken safety property means, in words a student can follow.
/// Why the clients' history is not known to be linearizable, in a sentence.
pub fn lin_problem(p: &crate::playground::LinProblem, lang: Lang) -> String {
    use crate::playground::LinProblem::*;
    match (p, lang) {
        (NoOrder { key, linearized, total, stuck }, Lang::En) => format!(
            "key '{key}' is not linearizable: {linearized} of {total} operations ordered, then none of {stuck} fits"
        ),
        (NoOrder { key, linearized, total, stuck }, Lang::Zh) => format!(
            "键 '{key}' 不可线性化：{total} 个操作中排好了 {linearized} 个，之后候选的 {stuck} 个都排不进去"
        ),
        (Undecided { key }, Lang::En) => {
            format!("the search for an order of key '{key}' hit its bound: undecided")
        }
        (Undecided { key }, Lang::Zh) => format!("为键 '{key}' 寻找次序的搜索达到上限：无法判定"),
    }
}

/// A setting started the run again without the reader's actions: how many, and how to keep
/// a run before changing one.
pub fn restarted_without(dropped: u32, lang: Lang) -> String {
    match (lang, dropped) {
        (Lang::En, 1) => "The settings changed, so the run started again from time zero with the same seed, without the action you had taken (Share keeps a run: save it before changing a setting).".into(),
        (Lang::En, n) => format!("The settings changed, so the run started again from time zero with the same seed, without the {n} actions you had taken (Share keeps a run: save it before changing a setting)."),
        (Lang::Zh, n) => format!("设置已更改，运行已用同一随机种子从零时刻重新开始，你之前的 {n} 个操作没有保留（分享可以保存运行：更改设置之前先保存）。"),
    }
}

/// The store's W and R lowered with N: neither can exceed it.
pub fn quorums_lowered(n: u8, w: u8, r: u8, lang: Lang) -> String {
    match lang {
        Lang::En => format!("W and R cannot exceed N = {n}: W is now {w} and R {r}."),
        Lang::Zh => format!("W 和 R 都不能大于 N = {n}：现在 W 为 {w}，R 为 {r}。"),
    }
}

/// A number field that did not take what was typed as it was.
pub fn adjusted(a: &super::app::Adjusted, lang: Lang) -> String {
    use super::num::grouped;
    let typed = &a.typed;
    let (used, lo, hi) = (grouped(a.used), grouped(a.range.0), grouped(a.range.1));
    let field = a.field.trim_end_matches([':', '：']);
    let said = match (lang, a.kept) {
        (Lang::En, false) => format!("{typed} is outside {lo} to {hi}, so {used} is used."),
        (Lang::En, true) => {
            format!("\u{201c}{typed}\u{201d} is not a whole number, so {used} is kept.")
        }
        (Lang::Zh, false) => format!("{typed} 超出 {lo} 到 {hi} 的范围，已改用 {used}。"),
        (Lang::Zh, true) => format!("“{typed}”不是非负整数，仍用 {used}。"),
    };
    match (field.is_empty(), lang) {
        (true, _) => said,
        (false, Lang::En) => format!("{field}: {said}"),
        (false, Lang::Zh) => format!("{field}：{said}"),
    }
}

/// How far opening a long run has come: the virtual time replayed of the run's and the
/// events so far.
pub fn opening(done_us: u64, head_us: u64, events: u64, lang: Lang) -> String {
    use super::num::grouped;
    let (done, head, events) = (
        grouped(done_us / 1000),
        grouped(head_us / 1000),
        grouped(events),
    );
    match lang {
        Lang::En => format!(
            "Opening the run: {done} ms of its {head} ms replayed ({events} events so far)."
        ),
        Lang::Zh => {
            format!("正在打开运行：已重放 {head} ms 中的 {done} ms（已处理 {events} 个事件）。")
        }
    }
}

/// A Lab setting outside its range (the fields and the link reader keep them in it).
pub fn out_of_range(out: crate::lab::OutOfRange, lang: Lang) -> String {
    use crate::lab::OutOfRange::*;
    let name = t(
        lang,
        match out {
            Nodes => Text::LabNodes,
            Keys => Text::LabKeys,
            Trials => Text::LabTrials,
        },
    );
    let (lo, hi) = out.range();
    let (lo, hi) = (super::num::grouped(lo), super::num::grouped(hi));
    match lang {
        Lang::En => format!("The Lab's {name} must be {lo} to {hi}."),
        Lang::Zh => format!("实验室的{name}必须在 {lo} 到 {hi} 之间。"),
    }
}

/// Why the Lab will not run settings whose run would take minutes, and what to lower.
pub fn too_large(too: crate::lab::TooLarge, s: crate::lab::Settings, lang: Lang) -> String {
    use crate::lab::TooLarge::*;
    let n = s.nodes;
    match (too, lang) {
        (Trial { keys_max }, Lang::En) => format!(
            "Too large for the page: one trial per row, with {} keys over {n} nodes, would take minutes. At most {} keys with {n} nodes (fewer nodes allow more).",
            super::num::grouped(s.keys),
            super::num::grouped(keys_max)
        ),
        (Trial { keys_max }, Lang::Zh) => format!(
            "规模太大，页面无法运行：在 {n} 个节点上放 {} 个键，即使每一行只做一次试验，也要花上几分钟。{n} 个节点时最多 {} 个键（节点越少，可用的键越多）。",
            super::num::grouped(s.keys),
            super::num::grouped(keys_max)
        ),
        (Run { trials_max }, Lang::En) => format!(
            "Too large for the page: {} trials of these keys and nodes would take minutes. At most {trials_max} trials (fewer keys or nodes allow more).",
            s.trials
        ),
        (Run { trials_max }, Lang::Zh) => format!(
            "规模太大，页面无法运行：按这些键数和节点数做 {} 次试验要花上几分钟。最多 {trials_max} 次试验（键或节点越少，可做的试验越多）。",
            s.trials
        ),
    }
}

pub fn violation_text(v: &crate::check::Violation, lang: Lang) -> String {
    match lang {
        // Events are counted from 1 in the page (the cursor shows how many have happened).
        Lang::En => {
            let nodes: Vec<String> = v.nodes.iter().map(ToString::to_string).collect();
            // The lemmas' names are phrases ("committed entries are kept"): capitalised, and
            // the breach in brackets after them, they read as a sentence's subject.
            let name = v.property.name();
            let mut chars = name.chars();
            let name: String = chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
                .collect();
            format!(
                "{name} (broken after event {}, at {}; servers {}): {}",
                v.event + 1,
                super::num::ms(v.time.0, 1),
                nodes.join(", "),
                v.detail
            )
        }
        Lang::Zh => {
            let nodes: Vec<String> = v.nodes.iter().map(ToString::to_string).collect();
            format!(
                "{}（第 {} 个事件之后，{}；服务器 {}）：{}",
                property_name(v.property, lang),
                v.event + 1,
                super::num::ms(v.time.0, 1),
                nodes.join("、"),
                breach_zh(&v.detail)
            )
        }
    }
}

/// The checker's finding in Chinese, from the same numbers as its English (check/breach.rs).
fn breach_zh(b: &crate::check::Breach) -> String {
    use crate::check::Breach::*;
    use crate::sim::NodeId;
    let voted =
        |n: Option<NodeId>| n.map_or_else(|| "未投票".to_string(), |n| format!("投票给 {n}"));
    let held = |h: &crate::check::Held| {
        format!(
            "第 {} 任期、{}、{} 个条目",
            h.term,
            voted(h.vote),
            h.entries
        )
    };
    let reply = |r: &crate::raft::Reply| match (r.ok, &r.value) {
        (true, None) => "成功".to_string(),
        (true, Some(v)) => format!("成功，值为 “{v}”"),
        (false, Some(v)) => format!("拒绝，现值为 “{v}”"),
        (false, None) => "拒绝，没有值".to_string(),
    };
    match b {
        CrashLostWrite { id, holds, saved } => format!(
            "{id} 宕机后持有{}；它最后一次完成的磁盘写入保存的是{}",
            held(holds),
            held(saved)
        ),
        LeadsUnsavedTerm { id, term, saved } => format!(
            "{id} 是第 {term} 任期的领导者，而它的磁盘上仍是第 {saved} 任期：一次宕机就会收回它领导过的任期"
        ),
        SentWhileDown { id, kind } => format!("{id} 在宕机或暂停时发出了一条 {kind}"),
        RanWhileDown { id } => format!("{id} 在宕机或暂停时仍处理了事件"),
        TimerWhileDown { id } => format!("{id} 已宕机，却还有计时器在等待触发"),
        VotedTwice { id, term, first, then } => {
            format!("{id} 在第 {term} 任期先把票投给 {first}，又投给了 {then}")
        }
        VotedThenSelf { id, term, first } => {
            format!("{id} 在第 {term} 任期先把票投给 {first}，又投给了自己")
        }
        VoteChanged { id, term, first, then } => format!(
            "{id} 在第 {term} 任期先是{}，后来变成{}",
            voted(*first),
            voted(*then)
        ),
        VoteNotRecorded { id, to, term, holds_term, holds_vote } => format!(
            "{id} 在第 {term} 任期把票投给了 {to}，但它记录的是第 {holds_term} 任期、{}",
            voted(*holds_vote)
        ),
        WrongReply { id, client, seq, reply: r, expected: Some(e) } => format!(
            "{id} 对 {client} 的第 {seq} 个请求的回复是：{}；按已提交的日志应为：{}",
            reply(r),
            reply(e)
        ),
        WrongReply { id, client, seq, expected: None, .. } => {
            format!("{id} 回复了 {client} 的第 {seq} 个请求，而这个请求并未提交")
        }
        TermWentBack { id, from, to } => format!("{id} 的任期从 {from} 倒退到了 {to}"),
        CommitPastLog { id, applied, commit, length } => {
            format!("{id}：已应用 {applied} / 已提交 {commit} / 日志长度 {length}")
        }
        TwoLeaders { first, second, term } => {
            format!("{first} 和 {second} 都是第 {term} 任期的领导者")
        }
        LeaderRewrote { id, term, from } => {
            format!("第 {term} 任期的领导者 {id} 删除或改动了自己从索引 {from} 起的条目")
        }
        TermsDecrease { id, index } => format!("{id} 的日志在索引 {index} 处任期变小"),
        LogsDiverge { id, term, index } => format!(
            "{id} 在索引 {index} 处持有第 {term} 任期的条目，另一份日志在同一索引也有同一任期的条目，但两者之前的条目不同"
        ),
        TermAhead { id, term } => {
            format!("{id} 的日志里有任期晚于它当前任期（{term}）的条目")
        }
        CommittedDiffers { id, index } => {
            format!("{id} 认为截至索引 {index} 的条目已提交，但它们与此前已提交的条目不同")
        }
        AppliedDiffers { id, index } => {
            format!("{id} 应用到索引 {index} 的条目与另一台服务器应用的不同")
        }
        CommittedEarlierTerm { id, term, index } => format!(
            "第 {term} 任期的领导者 {id} 提交到了索引 {index}，而该条目属于更早的任期"
        ),
        CommittedOnMinority { id, term, index, holding, total } => format!(
            "第 {term} 任期的领导者 {id} 提交到了索引 {index}，但 {total} 份日志中只有 {holding} 份包含这些条目"
        ),
        CommittedLost { id, index } => {
            format!("{id} 丢失或改动了它已知已提交的条目（截至索引 {index}）")
        }
        StateDiffers { id, applied } => {
            format!("{id} 应用 {applied} 个条目后的状态机与已提交日志给出的结果不一致")
        }
        LeaderLacks { id, term, index } => {
            format!("第 {term} 任期的领导者 {id} 缺少更早任期里已提交的条目（截至索引 {index}）")
        }
    }
}

/// How a store client coordinates its operations, with its timeout and rounds of asking (a
/// share link may set a timeout in fractions of a millisecond, and one round).
pub fn store_operations_hint(lang: Lang, timeout_us: u64, tries: u8) -> String {
    let shown = super::num::ms(timeout_us, if timeout_us % 1000 == 0 { 0 } else { 1 });
    let timeout_ms = shown.trim_end_matches(" ms");
    let rounds = if tries == 1 { "round" } else { "rounds" };
    match lang {
        Lang::En => format!(
            "Each client coordinates its own operations: it sends a put to the key's N replicas and waits for W acknowledgements; \
             it sends a get to them and waits for R answers, then returns the newest version. A client that has too few answers \
             after {timeout_ms} ms asks again; after {tries} {rounds} it gives up: the operation stays unanswered in the history."
        ),
        Lang::Zh => format!(
            "每个客户端自己协调自己的操作：写入发给键的 N 个副本，等 W 个确认；读取也发给它们，等 R 个应答，返回其中最新的版本。\
             {timeout_ms} 毫秒后应答仍不够，客户端会再问一轮；问满 {tries} 轮仍不够就放弃：该操作在历史中就一直没有应答。"
        ),
    }
}

/// A list separator that suits the language (full width in Chinese).
pub fn comma(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ", ",
        Lang::Zh => "，",
    }
}

/// A colon before what follows (full width in Chinese, no space after it).
/// A control's name with its key: "Force timeout (t)", "强制超时（t）" (full-width brackets
/// around a Chinese name, as the glossary's typography asks).
pub fn keyed(lang: Lang, name: &str, key: &str) -> String {
    match lang {
        Lang::En => format!("{name} ({key})"),
        Lang::Zh => format!("{name}（{key}）"),
    }
}

pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// The end of a sentence, before the next one.
pub fn full_stop(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ". ",
        Lang::Zh => "。",
    }
}
